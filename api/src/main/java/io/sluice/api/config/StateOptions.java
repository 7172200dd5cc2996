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

    public static final ConfigOption<Boolean> SPILL_TO_DISK = ConfigOption.booleanOption("state.spill-to-disk", false,
            "Keep off-heap keyed state beyond state.memory-per-task in memory-mapped files under state.directory"
                    + " (the operating system pages it between memory and disk) instead of failing the job.");

    public static final ConfigOption<Boolean> INLINE_VALUES = ConfigOption.booleanOption("state.inline-values", true,
            "Keep small off-heap values (ValueState, LongValueState, ReducingState, AggregatingState entries whose"
                    + " key and value fit in 44 bytes) in their table's index, one 64-byte line per slot: a lookup"
                    + " is one memory access instead of two, for about twice the memory of such entries. false"
                    + " keeps every entry in a block of its own.");

    public static final ConfigOption<String> DIRECTORY = ConfigOption.stringOption("state.directory", "",
            "Directory of the state spill files; empty for <java.io.tmpdir>/sluice-state. Files are deleted when"
                    + " the job ends.");
}
