package io.sluice.benchmarks.harness;

/** The user functions of the workloads, called by every engine's map, filter, reduce and keyBy wrappers. */
public final class W1Functions {

    private W1Functions() {
    }

    public static BenchEvent triple(BenchEvent e) {
        e.value *= 3;
        return e;
    }

    public static boolean isEven(BenchEvent e) {
        return (e.value & 1) == 0;
    }

    public static BenchEvent plusOne(BenchEvent e) {
        e.value += 1;
        return e;
    }

    /** The W2 and W3 reduction: a running sum of values, kept in the first argument. */
    public static BenchEvent sum(BenchEvent acc, BenchEvent e) {
        acc.value += e.value;
        return acc;
    }

    /**
     * The W6 and W7 (second stage) reduction: the sum of values and the earliest timestamp, kept in
     * the first argument. Keeping the earliest rather than the first to arrive makes the result
     * independent of arrival order, which sessions merged out of order and results of many keys
     * from parallel upstream subtasks do not have.
     */
    public static BenchEvent sumKeepingEarliest(BenchEvent acc, BenchEvent e) {
        acc.value += e.value;
        acc.timestamp = Math.min(acc.timestamp, e.timestamp);
        return acc;
    }

    /**
     * The W5 reduction: as {@link #sumKeepingEarliest}, into a new event. Sliding windows add the
     * same event to five windows, and a heap state backend (Flink's, Sluice's {@code heap}) stores a
     * window's first event itself as its accumulator, so an accumulator updated in place would change
     * the other windows' sums too.
     */
    public static BenchEvent sumIntoNew(BenchEvent acc, BenchEvent e) {
        return new BenchEvent(acc.key, acc.value + e.value, Math.min(acc.timestamp, e.timestamp));
    }

    /** W7's second key: the end of the 1 s window whose result {@code e} is (its timestamp lies in that window). */
    public static long windowEnd(BenchEvent e) {
        return e.timestamp - Math.floorMod(e.timestamp, 1_000L) + 1_000;
    }
}
