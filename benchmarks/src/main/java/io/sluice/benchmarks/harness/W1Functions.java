package io.sluice.benchmarks.harness;

/** The W1 user functions, called by every engine's map and filter wrappers. */
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
}
