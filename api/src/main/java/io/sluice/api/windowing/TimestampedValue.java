package io.sluice.api.windowing;

/**
 * An element of an evicting window with its timestamp, as an {@link Evictor} sees it (Flink's
 * {@code TimestampedValue}). An element without a timestamp (no timestamp assigner upstream) has
 * none: {@link #hasTimestamp()} is false.
 */
public final class TimestampedValue<T> {

    /** The timestamp of an element that has none. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final T value;
    private final long timestamp;

    public TimestampedValue(T value, long timestamp) {
        this.value = value;
        this.timestamp = timestamp;
    }

    public static <T> TimestampedValue<T> of(T value, long timestamp) {
        return new TimestampedValue<>(value, timestamp);
    }

    public T getValue() {
        return value;
    }

    /** The element's timestamp, or {@link #NO_TIMESTAMP}. */
    public long getTimestamp() {
        return timestamp;
    }

    public boolean hasTimestamp() {
        return timestamp != NO_TIMESTAMP;
    }

    @Override
    public String toString() {
        return value + (hasTimestamp() ? "@" + timestamp : "");
    }
}
