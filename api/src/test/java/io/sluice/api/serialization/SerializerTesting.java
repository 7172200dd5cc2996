package io.sluice.api.serialization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Writes values to bytes and reads them back, checking that the reader consumes exactly what was written. */
final class SerializerTesting {

    private SerializerTesting() {
    }

    static <T> byte[] bytesOf(TypeSerializer<T> serializer, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            serializer.serialize(value, out);
        }
        return bytes.toByteArray();
    }

    static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        T value = serializer.deserialize(in);
        if (in.available() != 0) {
            throw new AssertionError(serializer + " left " + in.available() + " of " + bytes.length + " bytes unread");
        }
        return value;
    }

    static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        return read(serializer, bytesOf(serializer, value));
    }
}
