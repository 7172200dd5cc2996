package io.sluice.api.metrics;

/**
 * The distribution of values a function records (Flink's {@code Histogram}), from
 * {@link MetricGroup#histogram(String)}: count, minimum, maximum and mean over the subtask's run,
 * and quantiles over the last 30 to 60 seconds.
 *
 * <p>Recorded on the subtask's worker thread only; recording allocates nothing and takes no lock.
 * Count, minimum, maximum and sum are exact. Quantiles come from an HdrHistogram with two
 * significant digits (within 1%) over the values from 0 to {@link #HIGHEST_TRACKABLE_VALUE}: a
 * negative value counts as 0 in the quantiles and a larger one as that bound.
 */
public interface Histogram {

    /** The largest value the quantiles tell apart: about 1.1e12, 18 minutes in nanoseconds. */
    long HIGHEST_TRACKABLE_VALUE = 1L << 40;

    /** Records one value. */
    void update(long value);

    /** Values recorded so far. */
    long getCount();
}
