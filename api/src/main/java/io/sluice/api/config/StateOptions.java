package io.sluice.api.config;

/** Options of keyed state. */
public final class StateOptions {

    private StateOptions() {
    }

    public static final ConfigOption<String> BACKEND = ConfigOption.stringOption("state.backend", "offheap",
            "Where keyed state lives: 'heap' (Java objects on the heap) or 'offheap' (serialized, in direct"
                    + " memory outside the heap).");

    public static final ConfigOption<Long> MEMORY_PER_TASK = ConfigOption.longOption("state.memory-per-task",
            512L << 20, "Most direct memory the off-heap keyed state of one operator in one subtask may use, in"
                    + " bytes. Crossing it fails the job with a message naming the operator.")
            .between(1L << 20, Long.MAX_VALUE);
}
