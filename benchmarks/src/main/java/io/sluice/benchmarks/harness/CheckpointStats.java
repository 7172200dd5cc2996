package io.sluice.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The checkpoints of one W4 run inside one JVM, as the engine under test reports them: each
 * completed checkpoint with its figures, and failures. Engines call it from whatever thread learns
 * of a checkpoint (Sluice: the harness thread sampling the job client; Flink: the JobManager
 * thread reporting a trace span); every method is synchronized, since it is called a few times a
 * second at most and never on a task's path. {@link HarnessMain#runOnce} resets it before each job
 * and turns it into the result's {@code cp_*} figures afterwards.
 */
public final class CheckpointStats {

    /**
     * One completed checkpoint, as far as the engine reports it.
     *
     * @param atNanos      when the harness learnt of it ({@link System#nanoTime()})
     * @param durationMs   trigger to complete
     * @param sizeBytes    state written for it
     * @param alignmentMs  longest barrier alignment of any task
     * @param syncMs       longest synchronous pause of any task
     */
    public record Checkpoint(long atNanos, long id, long durationMs, long sizeBytes, long alignmentMs, long syncMs) {
    }

    private static final List<Checkpoint> COMPLETED = new ArrayList<>();
    /** When each completion without figures was learnt of (Sluice's sampling can miss one between samples). */
    private static final List<Long> UNOBSERVED = new ArrayList<>();
    private static final List<Long> FAILED = new ArrayList<>();

    private CheckpointStats() {
    }

    public static synchronized void reset() {
        COMPLETED.clear();
        UNOBSERVED.clear();
        FAILED.clear();
    }

    public static synchronized void completed(Checkpoint c) {
        COMPLETED.add(c);
    }

    /** {@code count} checkpoints completed whose figures the engine did not show (overwritten between samples). */
    public static synchronized void completedUnobserved(long atNanos, long count) {
        for (long i = 0; i < count; i++) {
            UNOBSERVED.add(atNanos);
        }
    }

    public static synchronized void failed(long atNanos, long count) {
        for (long i = 0; i < count; i++) {
            FAILED.add(atNanos);
        }
    }

    /** Completed checkpoints of the run so far, over the whole run. */
    public static synchronized long completedCount() {
        return COMPLETED.size() + UNOBSERVED.size();
    }

    public static synchronized long failedCount() {
        return FAILED.size();
    }

    /** The completed checkpoints with figures, in the order they were reported. */
    public static synchronized List<Checkpoint> checkpoints() {
        return List.copyOf(COMPLETED);
    }

    /**
     * The result figures of the checkpoints learnt of in {@code [fromNanos, toNanos]} (the measured
     * window): counts, and median and maximum of duration, size, alignment and sync pause over
     * those with figures. Keys in the order they are printed.
     */
    public static synchronized Map<String, Object> figures(long fromNanos, long toNanos) {
        List<Checkpoint> in = new ArrayList<>();
        for (Checkpoint c : COMPLETED) {
            if (c.atNanos >= fromNanos && c.atNanos <= toNanos) {
                in.add(c);
            }
        }
        long unobserved = UNOBSERVED.stream().filter(t -> t >= fromNanos && t <= toNanos).count();
        long failed = FAILED.stream().filter(t -> t >= fromNanos && t <= toNanos).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cp_completed", in.size() + unobserved);
        m.put("cp_failed", failed);
        m.put("cp_with_figures", (long) in.size());
        put(m, "cp_duration_ms", in, Checkpoint::durationMs);
        put(m, "cp_size_bytes", in, Checkpoint::sizeBytes);
        put(m, "cp_alignment_ms", in, Checkpoint::alignmentMs);
        put(m, "cp_sync_ms", in, Checkpoint::syncMs);
        return m;
    }

    /** {@code name_p50} and {@code name_max}; {@code null} when no checkpoint has figures. */
    private static void put(Map<String, Object> m, String name, List<Checkpoint> in, ToLongFunction<Checkpoint> f) {
        long[] v = in.stream().mapToLong(f).sorted().toArray();
        m.put(name + "_p50", v.length == 0 ? null : median(v));
        m.put(name + "_max", v.length == 0 ? null : v[v.length - 1]);
    }

    /** The lower median of sorted values: a value some checkpoint actually had. */
    static long median(long[] sorted) {
        return sorted[(sorted.length - 1) / 2];
    }

    /** One line for the log: the whole run's counts beside the measured window's. */
    public static synchronized String summary(String engine, Workload workload, Map<String, Object> window) {
        return "harness: " + engine + " " + workload + " checkpoints: " + completedCount() + " completed, "
                + failedCount() + " failed over the whole run; " + window.get("cp_completed") + " completed, "
                + window.get("cp_failed") + " failed in the measured window; durations ms "
                + Arrays.toString(checkpoints().stream().mapToLong(Checkpoint::durationMs).toArray());
    }
}
