package io.sluice.runtime.operators;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.checkpoint.CorruptCheckpointException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator state of a two-phase-commit sink: one item per checkpoint with transactions not
 * committed yet, written as checkpoint id · count · committables (with the sink's committable
 * serializer). Read by the sink operator (a harness restore) and by {@link SinkRecovery} (a job's).
 */
public final class PendingCommits {

    /** The transactions pre-committed for one checkpoint. */
    public record Entry(long checkpointId, List<Object> committables) {
    }

    private PendingCommits() {
    }

    public static byte[] write(long checkpointId, List<Object> committables, TypeSerializer<Object> serializer)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(checkpointId);
        out.writeInt(committables.size());
        for (Object c : committables) {
            serializer.serialize(c, out);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * @throws CorruptCheckpointException naming the sink and the serializer when the item cannot be read
     */
    public static Entry read(byte[] item, TypeSerializer<Object> serializer, String sinkName)
            throws CorruptCheckpointException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(item));
        try {
            long checkpointId = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > item.length) {
                throw new IOException("a count of " + n + " transactions in " + item.length + " bytes");
            }
            List<Object> committables = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                committables.add(serializer.deserialize(in));
            }
            return new Entry(checkpointId, committables);
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException("cannot read the pending commits of sink '" + sinkName
                    + "' from the checkpoint with " + serializer.typeName() + ": " + e.getMessage(), e);
        }
    }
}
