package io.sluice.runtime.metrics;

import io.sluice.api.metrics.LatencySnapshot;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latencies of the markers one task received. {@link #record} is called by the task's worker
 * thread only (single writer); {@link #snapshot} by any thread that reads metrics (scrapes, the
 * REST API, tests), serialized among themselves.
 *
 * <p>The worker records into an HdrHistogram {@link SingleWriterRecorder}: a fixed-size array of
 * counts, so recording allocates nothing and takes no lock; a reader swaps the recorder's active
 * and inactive histograms with a writer-reader phaser, which waits only for a write in progress,
 * never blocks the writer. What a reader takes out is added to lifetime totals and to a window of
 * two rotating histograms, so that several readers can read without taking values from each other.
 */
public final class LatencyHistogram {

    /** Latencies above this are recorded as this (the histogram has a fixed range and never resizes). */
    public static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L; // 1 hour
    /** Two significant digits: quantiles within 1%, about 40 KB of counts per histogram. */
    private static final int SIGNIFICANT_DIGITS = 2;
    /** The quantiles cover the values read in the last one to two of these. */
    static final long WINDOW_NS = 30_000_000_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);

    // ---- reader side: guarded by this ----
    private Histogram interval;
    private Histogram current;
    private Histogram previous;
    private long currentSinceNs;
    private long count;
    private double sumNs;

    /**
     * Worker thread only: records one latency, clamped to [0, {@link #HIGHEST_TRACKABLE_NS}].
     * Allocates nothing.
     */
    public void record(long latencyNs) {
        recorder.recordValue(latencyNs < 0 ? 0 : Math.min(latencyNs, HIGHEST_TRACKABLE_NS));
    }

    /** Any thread: lifetime count and sum, quantiles and max over the recent window. */
    public synchronized LatencySnapshot snapshot() {
        return snapshot(System.nanoTime());
    }

    synchronized LatencySnapshot snapshot(long nowNs) {
        if (interval == null) {
            interval = newHistogram();
            current = newHistogram();
            previous = newHistogram();
            currentSinceNs = nowNs;
        }
        recorder.getIntervalHistogramInto(interval);
        long n = interval.getTotalCount();
        count += n;
        sumNs += n == 0 ? 0 : interval.getMean() * n;
        if (nowNs - currentSinceNs >= WINDOW_NS) {
            Histogram oldest = previous;
            previous = current;
            current = oldest;
            current.reset();
            currentSinceNs = nowNs;
        }
        current.add(interval);
        // the window: what is in previous and current, merged into interval (reused)
        interval.reset();
        interval.add(previous);
        interval.add(current);
        long windowCount = interval.getTotalCount();
        if (windowCount == 0) {
            return new LatencySnapshot(count, (long) sumNs, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySnapshot(count, (long) sumNs, windowCount, interval.getValueAtPercentile(50),
                interval.getValueAtPercentile(90), interval.getValueAtPercentile(99),
                interval.getValueAtPercentile(99.9), interval.getMaxValue());
    }

    private static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }
}
