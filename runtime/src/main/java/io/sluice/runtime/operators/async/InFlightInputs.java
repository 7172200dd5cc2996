package io.sluice.runtime.operators.async;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.checkpoint.CorruptCheckpointException;
import io.sluice.runtime.checkpoint.StateItems;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes and reads the checkpoint items of an async operator: one per input whose results were not
 * yet emitted. An item is a format byte, the input's timestamp, then the input: by the declared
 * serializer of the input type, or (type not declared) by its class name and the serializer
 * {@link Serializers#of} finds for that class, so a restore in a new process can read it. Task
 * thread only.
 */
final class InFlightInputs {

    private static final byte DECLARED = 0;
    private static final byte BY_CLASS = 1;

    /** One restored input. */
    record Input(Object value, long timestamp) {
    }

    private final TypeSerializer<Object> declared;
    private final ClassLoader loader;
    private final String operatorName;
    private final Map<Class<?>, TypeSerializer<Object>> byClass = new HashMap<>();
    private final Map<String, TypeSerializer<Object>> byName = new HashMap<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    @SuppressWarnings("unchecked")
    InFlightInputs(TypeSerializer<?> declared, ClassLoader loader, String operatorName) {
        this.declared = (TypeSerializer<Object>) declared;
        this.loader = loader;
        this.operatorName = operatorName;
    }

    @SuppressWarnings("unchecked")
    byte[] write(Object value, long timestamp) throws IOException {
        bytes.reset();
        out.writeByte(declared != null ? DECLARED : BY_CLASS);
        out.writeLong(timestamp);
        if (declared != null) {
            declared.serialize(value, out);
        } else {
            Class<?> type = value.getClass();
            TypeSerializer<Object> s = byClass.get(type);
            if (s == null) {
                s = (TypeSerializer<Object>) Serializers.of(type);
                byClass.put(type, s);
            }
            out.writeUTF(type.getName());
            s.serialize(value, out);
        }
        out.flush();
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    Input read(byte[] item) throws IOException {
        String what = "an input in flight of async operator '" + operatorName + "'";
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(item));
        byte format = in.readByte();
        long timestamp = in.readLong();
        TypeSerializer<Object> s;
        if (format == DECLARED && declared != null) {
            s = declared;
        } else if (format == BY_CLASS) {
            String name = in.readUTF();
            s = byName.get(name);
            if (s == null) {
                try {
                    s = (TypeSerializer<Object>) Serializers.of(Class.forName(name, false, loader));
                } catch (ClassNotFoundException e) {
                    throw new CorruptCheckpointException("the checkpoint holds " + what + " of class " + name
                            + ", which the job does not have", e);
                }
                byName.put(name, s);
            }
        } else {
            throw new CorruptCheckpointException("cannot read " + what + ": it was written "
                    + (format == DECLARED ? "with a declared input serializer, but the input type is no longer declared;"
                    + " declare it again with .returns(...) on the stream before the async operator"
                    : "in an unknown format " + format));
        }
        byte[] rest = in.readAllBytes();
        return new Input(StateItems.read(s, rest, what), timestamp);
    }
}
