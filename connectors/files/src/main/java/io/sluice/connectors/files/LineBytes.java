package io.sluice.connectors.files;

import io.sluice.api.connector.format.RecordSerializer;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/** The bytes of an element's line, without its line break: from a {@link LineEncoder} or a {@link RecordSerializer}. */
@FunctionalInterface
interface LineBytes<T> extends Serializable {

    byte[] encode(T element) throws Exception;

    static <T> LineBytes<T> of(LineEncoder<? super T> encoder) {
        return element -> {
            String line = encoder.encode(element);
            return line == null ? null : line.getBytes(StandardCharsets.UTF_8);
        };
    }

    static <T> LineBytes<T> of(RecordSerializer<? super T> serializer) {
        return serializer::serialize;
    }
}
