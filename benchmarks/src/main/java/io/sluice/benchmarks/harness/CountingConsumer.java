package io.sluice.benchmarks.harness;

import java.util.concurrent.atomic.LongAdder;

/**
 * The sink logic of the throughput workloads, one instance per sink subtask: counts every event
 * and folds it into a checksum (so no engine can skip work), and publishes both when the subtask's
 * input ends. The checksum weighs each value by its timestamp, so a value counted in the wrong
 * window (whose result carries another timestamp) changes it, not only a lost or extra one.
 */
public final class CountingConsumer implements EventSink {

    private static final LongAdder COUNT = new LongAdder();
    private static final LongAdder CHECKSUM = new LongAdder();

    private long count;
    private long checksum;

    @Override
    public void accept(BenchEvent e) {
        count++;
        checksum += e.value * (1 + e.timestamp);
    }

    @Override
    public void finish() {
        COUNT.add(count);
        CHECKSUM.add(checksum);
        count = 0;
        checksum = 0;
        RunClock.sinkFinished(System.nanoTime());
    }

    public static void reset() {
        COUNT.reset();
        CHECKSUM.reset();
    }

    public static long count() {
        return COUNT.sum();
    }

    public static long checksum() {
        return CHECKSUM.sum();
    }
}
