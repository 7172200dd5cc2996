package io.sluice.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Two keyed streams about to be joined by time (Flink's {@code KeyedStream.IntervalJoin}): from
 * {@code left.intervalJoin(right)}; {@link #between} sets how far apart in time a pair may be.
 * Interval joins run in event time: both inputs need timestamps and watermarks.
 */
public final class IntervalJoin<T1, T2, K> {

    private final KeyedStream<K, T1> left;
    private final KeyedStream<K, T2> right;

    IntervalJoin(KeyedStream<K, T1> left, KeyedStream<K, T2> right) {
        this.left = left;
        this.right = right;
    }

    /** Interval joins are in event time: a no-op, for jobs that say so. */
    public IntervalJoin<T1, T2, K> inEventTime() {
        return this;
    }

    /** Refused: interval joins run in event time only. */
    public IntervalJoin<T1, T2, K> inProcessingTime() {
        throw new InvalidJobException("interval join of '" + left.transformation().name() + "' and '"
                + right.transformation().name() + "' in processing time: interval joins run in event time only;"
                + " give both inputs timestamps and watermarks and drop inProcessingTime()");
    }

    /**
     * Joins a left element at {@code t} with the right elements of its key at
     * {@code t + lowerBound .. t + upperBound}, both bounds included unless made exclusive.
     * Either bound may be negative; {@code lowerBound} must not be above {@code upperBound}.
     */
    public IntervalJoined<T1, T2, K> between(Duration lowerBound, Duration upperBound) {
        Objects.requireNonNull(lowerBound, "lowerBound");
        Objects.requireNonNull(upperBound, "upperBound");
        return between(lowerBound.toMillis(), upperBound.toMillis());
    }

    /** As {@link #between(Duration, Duration)}, with the bounds in milliseconds. */
    public IntervalJoined<T1, T2, K> between(long lowerBoundMs, long upperBoundMs) {
        if (lowerBoundMs > upperBoundMs) {
            throw new IllegalArgumentException("interval join lower bound " + lowerBoundMs
                    + " ms is above its upper bound " + upperBoundMs + " ms; swap them");
        }
        return new IntervalJoined<>(left, right, lowerBoundMs, upperBoundMs);
    }
}
