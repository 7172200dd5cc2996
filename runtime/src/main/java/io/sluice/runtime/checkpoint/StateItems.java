package io.sluice.runtime.checkpoint;

import io.sluice.api.serialization.TypeSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Operator state items: one object each, written with the connector's or job's own serializer. */
public final class StateItems {

    private StateItems() {
    }

    public static <T> byte[] write(TypeSerializer<T> serializer, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        serializer.serialize(value, out);
        out.flush();
        return bytes.toByteArray();
    }

    /** @param what names the item in the error if it cannot be read (the serializer changed, the checkpoint is corrupt) */
    public static <T> T read(TypeSerializer<T> serializer, byte[] item, String what) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(item));
        T value;
        try {
            value = serializer.deserialize(in);
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException("cannot read " + what + " from the checkpoint with "
                    + serializer.typeName() + ": " + e.getMessage() + " (was its type changed since?)", e);
        }
        if (in.available() > 0) {
            throw new CorruptCheckpointException("cannot read " + what + " from the checkpoint: " + in.available()
                    + " bytes left over after reading it with " + serializer.typeName() + " (was its type changed since?)");
        }
        return value;
    }
}
