package io.sluice.api.metrics;

/**
 * The value of one metric a function registered ({@link MetricGroup}) in one subtask, as read at
 * one moment. {@link #name()} is the full name: {@code group.metric} for a metric of a nested group.
 */
public sealed interface UserMetric {

    String name();

    /** A {@link Counter}'s count. */
    record CounterValue(String name, long count) implements UserMetric {
    }

    /** A {@link Gauge}'s value; NaN when it returned {@code null} or failed. */
    record GaugeValue(String name, double value) implements UserMetric {
    }

    /**
     * A {@link Meter}: events so far, and their rate per second over about the last minute.
     */
    record MeterValue(String name, long count, double ratePerSecond) implements UserMetric {
    }

    /**
     * A {@link Histogram}. {@code count}, {@code min}, {@code max} and {@code sum} cover the subtask's
     * whole run and are exact ({@code min} and {@code max} are 0 while {@code count} is 0). The
     * quantiles (within 1%) cover the values recorded in the last 30 to 60 seconds, {@code windowCount}
     * of them, and are 0 when that is 0.
     */
    record HistogramValue(String name, long count, long min, long max, long sum, long windowCount, long p50,
                          long p90, long p99, long p999) implements UserMetric {

        /** The mean over the whole run; 0 when nothing was recorded. */
        public double mean() {
            return count == 0 ? 0.0 : (double) sum / count;
        }
    }
}
