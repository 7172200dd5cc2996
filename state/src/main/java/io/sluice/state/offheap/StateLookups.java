package io.sluice.state.offheap;

/**
 * Counts the hash-table probes of the off-heap backend (state and timers), for benchmarks that
 * report lookups per element. Off unless the JVM starts with {@code -Dsluice.state.count-lookups=true}:
 * the flag is a constant, so the JIT removes the counting from every probe otherwise. The count is
 * a plain field: exact only when one thread uses off-heap state, as in those benchmarks.
 */
public final class StateLookups {

    static final boolean COUNTING = Boolean.getBoolean("sluice.state.count-lookups");
    private static long count;

    private StateLookups() {
    }

    static void probe() {
        if (COUNTING) {
            count++;
        }
    }

    /** Probes since the JVM started (0 when not counting). */
    public static long count() {
        return count;
    }

    public static boolean counting() {
        return COUNTING;
    }
}
