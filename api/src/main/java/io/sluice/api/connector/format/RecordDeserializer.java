package io.sluice.api.connector.format;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Turns a record read from an external system into an element. An exception (or a null element)
 * makes the record a bad record, handled by the source's {@link BadRecordPolicy}; so throw with a
 * message that says what is wrong with it ("field 'amount' is not a number: 'abc'"). Serializable:
 * it is copied into every subtask of the source. Called on the source's worker thread (or its
 * fetcher thread); it must not keep the {@link SourceRecord}.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface RecordDeserializer<T> extends Serializable {

    T deserialize(SourceRecord record) throws Exception;

    /**
     * Thrown by a deserializer for a record that holds no data by design, such as the header line of
     * a CSV file: it is dropped without counting as a bad record. Never use it for data that is
     * wrong: that is a bad record, and must throw something else.
     */
    final class NotARecord extends Exception {
        private static final long serialVersionUID = 1L;

        public NotARecord(String what) {
            super(what, null, false, false);
        }
    }

    /** The value as UTF-8 text; a record without a value is a bad record. */
    static RecordDeserializer<String> utf8() {
        return record -> {
            byte[] value = record.value();
            if (value == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            return new String(value, StandardCharsets.UTF_8);
        };
    }

    /**
     * The value bytes, in an array of the element's own (a source may reuse the record's array for
     * the next record); a record without a value is a bad record.
     */
    static RecordDeserializer<byte[]> bytes() {
        return record -> {
            byte[] value = record.value();
            if (value == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            return java.util.Arrays.copyOf(value, value.length);
        };
    }
}
