package io.sluice.runtime.testing;

/**
 * A value an operator emitted, with its event timestamp, as an {@link OperatorHarness} recorded it.
 * Records are equal when their values are equal and their timestamps are the same, so tests can
 * compare whole outputs: {@code containsExactly(StreamRecord.of("a", 9), StreamRecord.withoutTimestamp("b"))}.
 *
 * @param timestamp the event timestamp, or {@link #NO_TIMESTAMP} when the value has none
 */
public record StreamRecord<T>(T value, long timestamp) {

    /** The timestamp of a value that has none (for example, the output of a processing-time timer). */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public static <T> StreamRecord<T> of(T value, long timestamp) {
        return new StreamRecord<>(value, timestamp);
    }

    public static <T> StreamRecord<T> withoutTimestamp(T value) {
        return new StreamRecord<>(value, NO_TIMESTAMP);
    }

    public boolean hasTimestamp() {
        return timestamp != NO_TIMESTAMP;
    }

    @Override
    public String toString() {
        return value + (hasTimestamp() ? "@" + timestamp : "@(no timestamp)");
    }
}
