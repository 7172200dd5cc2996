package io.sluice.runtime.operators;

import io.sluice.api.functions.Collector;

/** A reusable {@link Collector} that stamps what it collects with the current timestamp. */
public final class TimestampedCollector<T> implements Collector<T> {

    private final Output<T> output;
    private long timestamp = Long.MIN_VALUE;

    public TimestampedCollector(Output<T> output) {
        this.output = output;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public void collect(T value) {
        try {
            output.collect(value, timestamp);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DownstreamException(e);
        }
    }

    /** Carries a checked exception of a downstream operator through {@link Collector#collect}. */
    public static final class DownstreamException extends RuntimeException {
        public DownstreamException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
