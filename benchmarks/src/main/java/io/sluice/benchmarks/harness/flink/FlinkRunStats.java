package io.sluice.benchmarks.harness.flink;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Flink side of the last run observed about its checkpoints, from the source readers
 * (which run in this JVM's MiniCluster). Reset by {@link FlinkEngine#run} before every job.
 */
public final class FlinkRunStats {

    private static final AtomicLong SNAPSHOTS = new AtomicLong();
    private static final AtomicLong LAST_COMPLETED_CHECKPOINT = new AtomicLong();

    private FlinkRunStats() {
    }

    static void reset() {
        SNAPSHOTS.set(0);
        LAST_COMPLETED_CHECKPOINT.set(0);
    }

    static void snapshotTaken() {
        SNAPSHOTS.incrementAndGet();
    }

    static void checkpointCompleted(long checkpointId) {
        LAST_COMPLETED_CHECKPOINT.accumulateAndGet(checkpointId, Math::max);
    }

    /** Source reader snapshots taken in the last run, over all subtasks. */
    public static long readerSnapshots() {
        return SNAPSHOTS.get();
    }

    /**
     * The highest checkpoint id a source reader was told had completed in the last run (checkpoint
     * ids count from 1, so this is at least the number of completed checkpoints seen; 0 for none).
     */
    public static long lastCompletedCheckpoint() {
        return LAST_COMPLETED_CHECKPOINT.get();
    }
}
