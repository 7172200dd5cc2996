package io.sluice.runtime.metrics;

import io.sluice.api.metrics.Histogram;
import io.sluice.api.metrics.UserMetric;
import org.HdrHistogram.SingleWriterRecorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A user {@link Histogram}: {@link #update} is called by the subtask's worker thread only (single
 * writer); {@link #snapshot} by any thread that reads metrics, serialized among themselves.
 *
 * <p>Count, sum, minimum and maximum are fields the worker publishes with release stores, so they
 * are exact. The quantiles come from an HdrHistogram {@link SingleWriterRecorder}, as in
 * {@link LatencyHistogram}: recording is two uncontended atomic increments of its phaser and one
 * increment in a fixed array, no allocation and no lock; readers take the recorded interval out and
 * keep a window of two rotating histograms for the recent quantiles.
 */
final class UserHistogram implements Histogram {

    /** Two significant digits: quantiles within 1%, about 35 KB of counts per histogram. */
    private static final int SIGNIFICANT_DIGITS = 2;

    private static final VarHandle COUNT;
    private static final VarHandle SUM;
    private static final VarHandle MIN;
    private static final VarHandle MAX;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(UserHistogram.class, "count", long.class);
            SUM = lookup.findVarHandle(UserHistogram.class, "sum", long.class);
            MIN = lookup.findVarHandle(UserHistogram.class, "min", long.class);
            MAX = lookup.findVarHandle(UserHistogram.class, "max", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final SingleWriterRecorder recorder =
            new SingleWriterRecorder(1, HIGHEST_TRACKABLE_VALUE, SIGNIFICANT_DIGITS);

    // ---- single writer, release stores (see UserCounter); count last, so a reader that sees a
    // count also sees the minimum, maximum and sum of at least those values ----
    @SuppressWarnings("unused")
    private long count;
    @SuppressWarnings("unused")
    private long sum;
    @SuppressWarnings("unused")
    private long min;
    @SuppressWarnings("unused")
    private long max;

    // ---- reader side: guarded by this ----
    private org.HdrHistogram.Histogram interval;
    private org.HdrHistogram.Histogram current;
    private org.HdrHistogram.Histogram previous;
    private long currentSinceNs;

    UserHistogram(String name) {
        this.name = name;
    }

    @Override
    public void update(long value) {
        long n = count;
        if (n == 0 || value < min) {
            MIN.setRelease(this, value);
        }
        if (n == 0 || value > max) {
            MAX.setRelease(this, value);
        }
        SUM.setRelease(this, sum + value);
        recorder.recordValue(value < 0 ? 0 : Math.min(value, HIGHEST_TRACKABLE_VALUE));
        COUNT.setRelease(this, n + 1);
    }

    @Override
    public long getCount() {
        return (long) COUNT.getAcquire(this);
    }

    UserMetric.HistogramValue snapshot() {
        return snapshot(System.nanoTime());
    }

    synchronized UserMetric.HistogramValue snapshot(long nowNs) {
        long n = getCount();
        long total = (long) SUM.getAcquire(this);
        long lowest = n == 0 ? 0 : (long) MIN.getAcquire(this);
        long highest = n == 0 ? 0 : (long) MAX.getAcquire(this);
        if (interval == null) {
            interval = newHistogram();
            current = newHistogram();
            previous = newHistogram();
            currentSinceNs = nowNs;
        }
        recorder.getIntervalHistogramInto(interval);
        if (nowNs - currentSinceNs >= LatencyHistogram.WINDOW_NS) {
            org.HdrHistogram.Histogram oldest = previous;
            previous = current;
            current = oldest;
            current.reset();
            currentSinceNs = nowNs;
        }
        current.add(interval);
        interval.reset();
        interval.add(previous);
        interval.add(current);
        long windowCount = interval.getTotalCount();
        if (windowCount == 0) {
            return new UserMetric.HistogramValue(name, n, lowest, highest, total, 0, 0, 0, 0, 0);
        }
        return new UserMetric.HistogramValue(name, n, lowest, highest, total, windowCount,
                interval.getValueAtPercentile(50), interval.getValueAtPercentile(90),
                interval.getValueAtPercentile(99), interval.getValueAtPercentile(99.9));
    }

    private static org.HdrHistogram.Histogram newHistogram() {
        return new org.HdrHistogram.Histogram(1, HIGHEST_TRACKABLE_VALUE, SIGNIFICANT_DIGITS);
    }
}
