package io.sluice.api.connector.format;

import java.util.Map;

/**
 * One record as a source read it from an external system, before it becomes an element: its bytes
 * and what the system knows of it. Sources may hand the same object over and over with new
 * contents (a view of the record being read), and the same value and key arrays too, so that
 * reading a record allocates nothing: a {@link RecordDeserializer} must not keep the record nor
 * its arrays (copy the bytes it keeps; an element made of them, a String say, is a copy).
 */
public interface SourceRecord {

    /** The record's bytes (its value); null for a record without one (a Kafka tombstone). */
    byte[] value();

    /** The key bytes, or null when the record has none. */
    default byte[] key() {
        return null;
    }

    /** The timestamp the external system gave it, or {@code Long.MIN_VALUE} when it has none. */
    default long timestamp() {
        return Long.MIN_VALUE;
    }

    /** Its headers; empty when it has none. */
    default Map<String, byte[]> headers() {
        return Map.of();
    }

    /** Where it comes from, for messages: "topic orders, partition 3", "queue /data/in", "file /data/a.csv". */
    String origin();

    /** Its position in {@link #origin()}: an offset, a queue index, a line number. */
    long position();
}
