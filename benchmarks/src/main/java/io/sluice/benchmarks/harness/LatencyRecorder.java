package io.sluice.benchmarks.harness;

import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.LongAdder;

/**
 * The sink logic of the latency workloads, one instance per sink subtask: records
 * {@code now - intended send time} of every event sent after the warm-up into an HdrHistogram,
 * counts every event, and merges into the run's histogram when its input ends.
 */
public final class LatencyRecorder implements EventSink {

    /** One hour in nanoseconds: anything slower is a broken run, not a latency. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private static final Histogram MERGED = new Histogram(1, HIGHEST_NANOS, 3);
    private static final LongAdder COUNT = new LongAdder();
    private static final LongAdder CHECKSUM = new LongAdder();

    private final long warmupNanos;
    private final Histogram histogram = new Histogram(1, HIGHEST_NANOS, 3);
    /**
     * Warm-up latencies are recorded too, then dropped, and the choice is made without a branch:
     * code that first runs when the measurement starts (a branch never taken during the warm-up)
     * would be deoptimized by the JIT right then, and that pause would land in the measurement.
     * Index 0: measured, 1: warm-up.
     */
    private final Histogram[] targets = {histogram, new Histogram(1, HIGHEST_NANOS, 3)};
    private long measureFrom = Long.MIN_VALUE;
    private long count;
    /** Sum of the values seen: W3's running sums, which check the keyed state as well. */
    private long checksum;

    public LatencyRecorder(int warmupSeconds) {
        this.warmupNanos = warmupSeconds * 1_000_000_000L;
    }

    @Override
    public void accept(BenchEvent e) {
        long now = System.nanoTime();
        if (measureFrom == Long.MIN_VALUE) {
            measureFrom = RunClock.startNanos() + warmupNanos;
        }
        count++;
        checksum += e.value;
        Histogram target = targets[(int) ((e.timestamp - measureFrom) >>> 63)];
        target.recordValue(Math.min(HIGHEST_NANOS, Math.max(1, now - e.timestamp)));
    }

    @Override
    public void finish() {
        synchronized (MERGED) {
            MERGED.add(histogram);
        }
        COUNT.add(count);
        CHECKSUM.add(checksum);
        checksum = 0;
        targets[0].reset();
        targets[1].reset();
        count = 0;
        RunClock.sinkFinished(System.nanoTime());
    }

    public static void reset() {
        synchronized (MERGED) {
            MERGED.reset();
        }
        COUNT.reset();
        CHECKSUM.reset();
    }

    public static long checksum() {
        return CHECKSUM.sum();
    }

    public static long count() {
        return COUNT.sum();
    }

    /** A copy of the run's merged histogram. */
    public static Histogram merged() {
        synchronized (MERGED) {
            return MERGED.copy();
        }
    }
}
