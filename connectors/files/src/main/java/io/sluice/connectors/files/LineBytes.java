package io.sluice.connectors.files;

import io.sluice.api.connector.format.DelimitedTextSerializer;
import io.sluice.api.connector.format.RecordSerializer;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of an element's line, without its line break: from a {@link LineEncoder} or a
 * {@link RecordSerializer}; and, for delimited text, the header line that starts every part file
 * and whether line breaks inside double quotes are allowed.
 */
@FunctionalInterface
interface LineBytes<T> extends Serializable {

    byte[] encode(T element) throws Exception;

    /** The line written at the start of every part, without its line break; null for none. */
    default byte[] header() {
        return null;
    }

    /** Whether an element's bytes may hold line breaks inside double quotes (CSV of RFC 4180). */
    default boolean quotedLineBreaks() {
        return false;
    }

    static <T> LineBytes<T> of(LineEncoder<? super T> encoder) {
        return element -> {
            String line = encoder.encode(element);
            return line == null ? null : line.getBytes(StandardCharsets.UTF_8);
        };
    }

    static <T> LineBytes<T> of(RecordSerializer<? super T> serializer) {
        if (serializer instanceof DelimitedTextSerializer<? super T> delimited) {
            return new Delimited<>(delimited);
        }
        return serializer::serialize;
    }

    /** The lines of a {@link DelimitedTextSerializer}. */
    final class Delimited<T> implements LineBytes<T> {
        private static final long serialVersionUID = 1L;
        private final DelimitedTextSerializer<? super T> serializer;

        Delimited(DelimitedTextSerializer<? super T> serializer) {
            this.serializer = serializer;
        }

        @Override
        public byte[] encode(T element) throws Exception {
            return serializer.serialize(element);
        }

        @Override
        public byte[] header() {
            return serializer.headerLine();
        }

        @Override
        public boolean quotedLineBreaks() {
            return true;
        }
    }
}
