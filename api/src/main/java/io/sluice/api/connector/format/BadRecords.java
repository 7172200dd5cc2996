package io.sluice.api.connector.format;

import io.sluice.api.connector.ReaderOutput;

import java.util.Arrays;
import java.util.Objects;

/**
 * Applies a source's {@link BadRecordPolicy} as its reader deserializes records: one per reader,
 * used only by the reader's thread. A source reader calls {@link #deserialize} for every record
 * and emits the element it returns; a null return means the record was bad and has been handled.
 *
 * <pre>{@code
 * T element = badRecords.deserialize(deserializer, record, output);
 * if (element != null) {
 *     output.forSplit(split).collect(element, record.timestamp());
 * }
 * }</pre>
 */
public final class BadRecords {

    private static final System.Logger LOG = System.getLogger(BadRecords.class.getName());
    /** Skipped records are logged at most this often per reader, with the count since the last line. */
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final BadRecordPolicy policy;
    private final String sourceName;
    private long skipped;
    private long deadLettered;
    private long skippedSinceLog;
    private long lastLogNanos = System.nanoTime() - LOG_EVERY_NANOS;

    /**
     * @param sourceName the source's name, for messages (the operator name a reader gets from its context)
     */
    public BadRecords(BadRecordPolicy policy, String sourceName) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    }

    public BadRecordPolicy policy() {
        return policy;
    }

    /**
     * Deserializes {@code record}.
     *
     * @return the element; null when the record was bad and the policy dropped it (SKIP) or sent it
     *         to the dead-letter side output (DEAD_LETTER), or when it holds no data by design
     *         ({@link RecordDeserializer.NotARecord})
     * @throws BadRecordException when the record is bad and the policy is FAIL
     */
    public <T> T deserialize(RecordDeserializer<T> deserializer, SourceRecord record, ReaderOutput<?> output)
            throws BadRecordException {
        T element = null;
        Exception cause = null;
        try {
            element = deserializer.deserialize(record);
        } catch (RecordDeserializer.NotARecord header) {
            return null; // no data by design (a CSV header): not a bad record
        } catch (Exception e) {
            cause = e;
        }
        if (element != null) {
            return element;
        }
        String reason = cause == null ? "the deserializer returned null"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        switch (policy) {
            case FAIL:
                throw new BadRecordException("source '" + sourceName + "' cannot read the record at position "
                        + record.position() + " of " + record.origin() + ": " + reason + ". Fix the data or the"
                        + " deserializer, or give the source another bad-record policy: SKIP (drop and count) or"
                        + " DEAD_LETTER (to the side output DeadLetter.TAG)", cause);
            case SKIP:
                skipped++;
                output.skippedBadRecord();
                logSkipped(record, reason);
                return null;
            case DEAD_LETTER:
                deadLettered++;
                output.deadLetter(new DeadLetter(copy(record.value()), copy(record.key()), record.origin(),
                        record.position(), reason));
                return null;
            default:
                throw new IllegalStateException("unknown policy " + policy);
        }
    }

    /** Bad records this reader dropped under SKIP. */
    public long skipped() {
        return skipped;
    }

    /** Bad records this reader sent to the dead-letter side output. */
    public long deadLettered() {
        return deadLettered;
    }

    private void logSkipped(SourceRecord record, String reason) {
        skippedSinceLog++;
        long now = System.nanoTime();
        if (now - lastLogNanos >= LOG_EVERY_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "source ''{0}'' skipped {1} bad record(s) ({2} in all); the latest at"
                    + " position {3} of {4}: {5}", sourceName, skippedSinceLog, skipped, record.position(),
                    record.origin(), reason);
            lastLogNanos = now;
            skippedSinceLog = 0;
        }
    }

    /** The record view may be reused for the next record: a dead letter keeps its own bytes. */
    private static byte[] copy(byte[] bytes) {
        return bytes == null ? null : Arrays.copyOf(bytes, bytes.length);
    }
}
