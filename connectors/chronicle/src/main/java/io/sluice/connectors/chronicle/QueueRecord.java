package io.sluice.connectors.chronicle;

import io.sluice.api.connector.format.SourceRecord;

/**
 * A record read from a queue, as a reader hands it to its {@link QueueRecordHandler}: a view reused
 * from record to record, its value array too: copy what you keep. Used by the reader's thread only.
 */
public final class QueueRecord implements SourceRecord {

    private final String origin;
    private byte[] value;
    private long timestamp;
    private long index;
    private String writerId;
    private long epoch;
    private String malformed;

    QueueRecord(String origin) {
        this.origin = origin;
    }

    QueueRecord set(byte[] value, long timestamp, long index, String writerId, long epoch, String malformed) {
        this.value = value;
        this.timestamp = timestamp;
        this.index = index;
        this.writerId = writerId;
        this.epoch = epoch;
        this.malformed = malformed;
        return this;
    }

    /** The record's bytes; for a malformed document, all of its bytes. */
    @Override
    public byte[] value() {
        return value;
    }

    /** The element's timestamp as the sink was given it, or {@code Long.MIN_VALUE}. */
    @Override
    public long timestamp() {
        return timestamp;
    }

    /** {@code "queue <directory>"}. */
    @Override
    public String origin() {
        return origin;
    }

    /** The record's queue index. */
    @Override
    public long position() {
        return index;
    }

    /** The id of the exactly-once writer that wrote it; null for a plain (at-least-once) record. */
    public String writerId() {
        return writerId;
    }

    /** The writer's epoch the record belongs to; meaningless for a plain record. */
    public long epoch() {
        return epoch;
    }

    /** Null for a Sluice record; else why the document is not one (the value then holds its raw bytes). */
    public String malformedReason() {
        return malformed;
    }

    @Override
    public String toString() {
        return "QueueRecord(" + origin + " @ " + Long.toHexString(index) + ", " + (writerId == null ? "plain"
                : writerId + "/" + epoch) + ", " + value.length + " bytes" + (malformed == null ? "" : ", " + malformed)
                + ")";
    }
}
