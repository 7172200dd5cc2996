package io.sluice.benchmarks.harness;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared clock of one run inside one JVM: the instant the first source subtask started and the
 * instant the last sink subtask finished. Every engine runs its job in this JVM (Flink in a
 * MiniCluster), so sources and sinks meet here.
 */
public final class RunClock {

    private static final AtomicLong START = new AtomicLong();
    private static final AtomicLong END = new AtomicLong();

    private RunClock() {
    }

    public static void reset() {
        START.set(0);
        END.set(0);
    }

    /**
     * Called by every source subtask when it starts: the first caller's proposal becomes the run's
     * start, which every subtask then uses (fixed-rate sources share one schedule).
     */
    public static long start(long proposedNanos) {
        START.compareAndSet(0, proposedNanos);
        return START.get();
    }

    /** The run's start, or 0 before any source started. */
    public static long startNanos() {
        return START.get();
    }

    /** Called by every sink subtask when its input ends. */
    public static void sinkFinished(long nanos) {
        END.accumulateAndGet(nanos, Math::max);
    }

    public static long endNanos() {
        return END.get();
    }
}
