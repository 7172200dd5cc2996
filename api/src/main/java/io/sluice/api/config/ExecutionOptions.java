package io.sluice.api.config;

/** Options of how the runtime executes tasks: threads, idling, channels. */
public final class ExecutionOptions {

    private ExecutionOptions() {
    }

    /** How a worker thread waits when its tasks have nothing to do. */
    public enum IdleStrategyKind {
        /** Spin without pause: lowest latency, burns a core per worker. */
        BUSY_SPIN,
        /** Spin, then yield, then park with growing pauses up to 1 ms: low latency, little waste. */
        BACKOFF,
        /** Yield the core each idle round. */
        YIELD,
        /** Park 1 ms each idle round: cheapest, highest latency. */
        SLEEP
    }

    public static final ConfigOption<Integer> WORKERS = ConfigOption.intOption("execution.workers",
            Runtime.getRuntime().availableProcessors(),
            "Number of worker threads that run tasks. Defaults to the number of cores.").between(1, 4096);

    public static final ConfigOption<IdleStrategyKind> IDLE_STRATEGY = ConfigOption.enumOption(
            "execution.idle-strategy", IdleStrategyKind.class, IdleStrategyKind.BACKOFF,
            "How idle workers wait: BUSY_SPIN, BACKOFF, YIELD or SLEEP.");

    public static final ConfigOption<Integer> CHANNEL_CAPACITY = ConfigOption.intOption("execution.channel-capacity",
            1024, "Slots in each ring between two subtasks (rounded up to a power of two). Bounds memory and"
                    + " the depth of back-pressure.").between(2, 1 << 30);

    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOption.intOption("execution.batch-size", 256,
            "Most elements a task takes from its inputs in one turn before letting other tasks run, and most"
                    + " timers it fires in one turn.")
            .between(1, Integer.MAX_VALUE);

    public static final ConfigOption<Boolean> CHAIN_SPECIALIZATION = ConfigOption.booleanOption(
            "execution.chain-specialization", true,
            "Give each link of an operator chain its own copy of the runtime's per-element classes, so the JIT"
                    + " can inline the whole chain. Turn off only to compare or to debug.");

    public static final ConfigOption<Boolean> WINDOW_PRE_AGGREGATION = ConfigOption.booleanOption(
            "execution.window-pre-aggregation", true,
            "Aggregate in two stages in front of event-time tumbling and sliding windows kept in slices (a"
                    + " reduce or aggregate without a lifecycle of its own, no late-data side output): each task"
                    + " that sends into the window's keyBy folds its records per key and slice and sends one partial"
                    + " aggregate per key and slice before each watermark, barrier and end of input. Off with"
                    + " unaligned checkpoints or an alignment timeout.");

    public static final ConfigOption<Boolean> CHAIN_SINGLE_SUBTASK_KEY_BY = ConfigOption.booleanOption(
            "execution.chain-single-subtask-key-by", true,
            "Chain a keyBy whose two sides each run one subtask (every key goes to that one subtask anyway):"
                    + " the keyed operator runs in the task before it, with no ring between them. Turn off to run"
                    + " them on two threads, or to restore an unaligned checkpoint taken with it off.");

    public static final ConfigOption<Boolean> WINDOW_SLICING = ConfigOption.booleanOption(
            "execution.window-slicing", true,
            "Keep event-time tumbling, sliding and session windows with a reduce or aggregate (maybe with a"
                    + " window function; default trigger, no evictor or allowed lateness) in one state record per key:"
                    + " one state lookup per element. Their checkpoints and savepoints restore only with the same"
                    + " setting; turn off to restore a savepoint of such windows taken with it off.");
}
