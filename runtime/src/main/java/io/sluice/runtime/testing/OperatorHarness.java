package io.sluice.runtime.testing;

import io.sluice.api.OutputTag;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.functions.CoProcessFunction;
import io.sluice.api.functions.FilterFunction;
import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.windowing.CountEvictor;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.GlobalWindows;
import io.sluice.api.windowing.PurgingTrigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.KeyedTimerOperator;
import io.sluice.runtime.operators.OperatorContext;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.TwoInputOperator;
import io.sluice.runtime.operators.WatermarkEmitter;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedStateBackend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs one real operator around a job author's functions on the calling thread, with no job, no
 * tasks, no channels and a processing-time clock that only the test moves: the unit test of a
 * function, as Kafka Streams' {@code TopologyTestDriver} is for a topology. Single-threaded: call
 * it from one thread only, the test's.
 *
 * <pre>{@code
 * try (OperatorHarness<Order, Alert> h = OperatorHarness.forKeyedProcess(Order::customer, new FraudDetector())) {
 *     h.setProcessingTime(1_000);
 *     h.processElement(new Order("o1", "alice", 0.5, 10), 10);
 *     h.processElement(new Order("o2", "alice", 900, 20), 20);
 *     assertThat(h.output()).containsExactly(new Alert("alice", "small then large: o2"));
 *     h.setProcessingTime(61_000);                    // fires the processing-time timers due by then
 *     h.processWatermark(100);                        // fires the event-time timers due by then
 *     h.endInput();                                   // as at the end of a bounded input
 * }
 * }</pre>
 *
 * <p>What the runtime does, the harness does: the functions are copied with Java serialization
 * before use (so a function that captures something not serializable is refused here, with the
 * message {@code execute} would give, and the instance passed in is never the one that runs), they
 * are opened with a runtime context naming the operator and subtask, keyed state lives in the heap
 * state backend of this subtask's key groups, and {@link #endInput()} sends the final watermark and
 * finishes the operator, so every window fires and remaining processing-time timers fire once.
 * Exceptions thrown by the functions reach the test as they were thrown, not wrapped; after one,
 * only {@link #close()} is allowed, as a failed task is only closed.
 *
 * <p>Time moves only when the test says: {@link #setProcessingTime} fires the processing-time
 * timers due by the new time (in time order, including those registered meanwhile), and
 * {@link #processWatermark} the event-time timers at or before the watermark. Nothing fires while
 * elements are processed. Watermarks must increase, as the runtime only passes increasing ones;
 * processing time must not go back.
 *
 * <p>Options ({@link #name}, {@link #keyBy}, {@link #parallelism}, {@link #subtaskIndex},
 * {@link #maxParallelism}, {@link #blockOutputEveryOtherCall}) are set before the first input; the
 * operator is opened by {@link #open()} or by the first call that needs it.
 *
 * <pre>
 *  CONFIGURING --open() or first input--> RUNNING --endInput()--> ENDED
 *                                            |
 *                                            +--a function or the operator throws--> FAILED
 *  any phase --close()--> CLOSED
 * </pre>
 */
public final class OperatorHarness<IN, OUT> implements AutoCloseable {

    private static final int MAX_MAX_PARALLELISM = 32768;

    private enum Phase { CONFIGURING, RUNNING, ENDED, FAILED, CLOSED }

    /** The spec as the test gave it: copied when the operator opens, never used itself. */
    private final OperatorSpec spec;
    /** The key selector of the keyBy in front of the operator; null when its input is not keyed. */
    private KeySelector<?, ?> keySelector;
    /** True for a plain operator on a keyed stream ({@link #keyBy}), which the runtime wraps. */
    private boolean keyedInput;
    /** The key selector of input 2 of a keyed two-input operator; null otherwise. */
    private KeySelector<?, ?> keySelector2;

    private String operatorName;
    private int parallelism = 1;
    private int subtaskIndex = 0;
    private int maxParallelism = PipelineOptions.MAX_PARALLELISM.defaultValue();
    private boolean blockOutputEveryOtherCall;
    /** The lineage sinks under test see: one per harness. */
    private final String lineageId = io.sluice.runtime.checkpoint.Lineage.create();

    private Phase phase = Phase.CONFIGURING;
    private long processingTimeMs;
    private long lastWatermark = Long.MIN_VALUE;
    private final List<Long> watermarks = new ArrayList<>();

    private StreamOperator<IN, OUT> operator;
    private HarnessOutput<OUT> output;
    private KeyedStateBackend backend;
    /** The key selector of the (absent) partitioner in front of a keyed operator: its own copy. */
    private KeySelector<Object, Object> routingKeySelector;
    private KeySelector<Object, Object> routingKeySelector2;

    private int watermarkPauses;
    private int processingTimePauses;
    private int finishPauses;

    private OperatorHarness(OperatorSpec spec, KeySelector<?, ?> keySelector, String operatorName) {
        // Invariant: a keyed spec comes with its key selector, a plain one without (until keyBy).
        if (spec.isKeyed() != (keySelector != null)) {
            throw new IllegalArgumentException("a keyed operator needs its key selector, and only a keyed one");
        }
        this.spec = spec;
        this.keySelector = keySelector;
        this.operatorName = operatorName;
    }

    // ---- factories -----------------------------------------------------------------------------

    /** A {@code map}: one output per element, with the element's timestamp. */
    public static <I, O> OperatorHarness<I, O> forMap(MapFunction<I, O> function) {
        return new OperatorHarness<>(new OperatorSpec.Map<>(requireFunction(function)), null, "map");
    }

    /** A {@code filter}: the elements the function accepts. */
    public static <T> OperatorHarness<T, T> forFilter(FilterFunction<T> function) {
        return new OperatorHarness<>(new OperatorSpec.Filter<>(requireFunction(function)), null, "filter");
    }

    /** A {@code flatMap}: every output with the timestamp of its element. */
    public static <I, O> OperatorHarness<I, O> forFlatMap(FlatMapFunction<I, O> function) {
        return new OperatorHarness<>(new OperatorSpec.FlatMap<>(requireFunction(function)), null, "flat-map");
    }

    /** A {@code process} on a stream that is not keyed: side outputs and watermarks, no timers or state. */
    public static <I, O> OperatorHarness<I, O> forProcess(ProcessFunction<I, O> function) {
        return new OperatorHarness<>(new OperatorSpec.Process<>(requireFunction(function)), null, "process");
    }

    /** {@code keyBy(keySelector).process(function)}: keyed state and per-key timers. */
    public static <K, I, O> OperatorHarness<I, O> forKeyedProcess(KeySelector<I, K> keySelector,
                                                                  KeyedProcessFunction<K, I, O> function) {
        requireFunction(keySelector);
        return new OperatorHarness<>(new OperatorSpec.KeyedProcess<>(keySelector, requireFunction(function)),
                keySelector, "keyed-process");
    }

    /**
     * {@code a.connect(b).map(function)}: input 1 through {@link #processElement}, input 2 through
     * {@link #processElement2}.
     */
    public static <I1, I2, O> OperatorHarness<I1, O> forCoMap(CoMapFunction<I1, I2, O> function) {
        return new OperatorHarness<>(new OperatorSpec.CoMap<>(requireFunction(function)), null, "co-map");
    }

    /** {@code a.connect(b).flatMap(function)}; see {@link #forCoMap}. */
    public static <I1, I2, O> OperatorHarness<I1, O> forCoFlatMap(CoFlatMapFunction<I1, I2, O> function) {
        return new OperatorHarness<>(new OperatorSpec.CoFlatMap<>(requireFunction(function)), null, "co-flat-map");
    }

    /** {@code a.connect(b).process(function)}: side outputs and watermarks, no timers; see {@link #forCoMap}. */
    public static <I1, I2, O> OperatorHarness<I1, O> forCoProcess(CoProcessFunction<I1, I2, O> function) {
        return new OperatorHarness<>(new OperatorSpec.CoProcess<>(requireFunction(function)), null, "co-process");
    }

    /**
     * {@code a.connect(b).keyBy(keySelector1, keySelector2).process(function)}: keyed state and
     * timers shared by both inputs; input 1 through {@link #processElement}, input 2 through
     * {@link #processElement2}.
     */
    public static <K, I1, I2, O> OperatorHarness<I1, O> forKeyedCoProcess(
            KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2,
            KeyedCoProcessFunction<K, I1, I2, O> function) {
        requireFunction(keySelector1);
        requireFunction(keySelector2);
        OperatorHarness<I1, O> h = new OperatorHarness<>(new OperatorSpec.KeyedCoProcess<>(keySelector1, keySelector2,
                requireFunction(function)), keySelector1, "keyed-co-process");
        h.keySelector2 = keySelector2;
        return h;
    }

    /**
     * {@code keyBy(keySelector).window(assigner)}: set the trigger, allowed lateness and late-data
     * side output on the builder, then pick the function ({@code reduce}, {@code aggregate} or
     * {@code process}) as on a {@code WindowedStream}.
     */
    public static <K, T, W extends Window> WindowHarnessBuilder<K, T, W> forWindow(
            KeySelector<T, K> keySelector, WindowAssigner<? super T, W> assigner) {
        return new WindowHarnessBuilder<>(requireFunction(keySelector), assigner);
    }

    /** {@code keyBy(keySelector).countWindow(size)}: windows of {@code size} elements per key. */
    public static <K, T> WindowHarnessBuilder<K, T, GlobalWindow> forCountWindow(KeySelector<T, K> keySelector,
                                                                                long size) {
        return OperatorHarness.<K, T, GlobalWindow>forWindow(keySelector, GlobalWindows.<T>create())
                .trigger(PurgingTrigger.of(CountTrigger.of(size)));
    }

    /**
     * {@code keyBy(keySelector).countWindow(size, slide)}: the last {@code size} elements per key,
     * every {@code slide} elements (a count trigger with a count evictor).
     */
    public static <K, T> WindowHarnessBuilder<K, T, GlobalWindow> forCountWindow(KeySelector<T, K> keySelector,
                                                                                long size, long slide) {
        if (size <= 0 || slide <= 0) {
            throw new IllegalArgumentException("count window size and slide must be positive, got size " + size
                    + " and slide " + slide);
        }
        return OperatorHarness.<K, T, GlobalWindow>forWindow(keySelector, GlobalWindows.<T>create())
                .evictor(CountEvictor.of(size))
                .trigger(CountTrigger.of(slide));
    }

    /**
     * A window operator for a spec built elsewhere. The spec does not carry the output type, so the
     * caller names it: {@code OperatorHarness.<String, Event, TimeWindow, Long>forWindow(spec)}
     * or an assignment to a typed variable.
     */
    public static <K, T, W extends Window, O> OperatorHarness<T, O> forWindow(OperatorSpec.KeyedWindow<K, T, W> spec) {
        if (spec == null) {
            throw new NullPointerException("spec");
        }
        requireFunction(spec.keySelector());
        String name = spec.reduce() != null ? "window-reduce" : spec.aggregate() != null ? "window-aggregate"
                : "window-process";
        return new OperatorHarness<>(spec, spec.keySelector(), name);
    }

    private static <F> F requireFunction(F function) {
        if (function == null) {
            throw new NullPointerException("the function under test must not be null");
        }
        return function;
    }

    // ---- options -------------------------------------------------------------------------------

    /** The operator's name, as {@code .name(...)} sets it: seen by the functions and in error messages. */
    public OperatorHarness<IN, OUT> name(String name) {
        requireConfiguring("name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("operator name must not be empty");
        }
        this.operatorName = name;
        return this;
    }

    /**
     * Makes the input a keyed stream, as {@code keyBy(keySelector).map(function)}: the function of a
     * {@code map}, {@code filter}, {@code flatMap} or {@code process} may then use keyed state,
     * scoped to the key of each element.
     */
    public OperatorHarness<IN, OUT> keyBy(KeySelector<IN, ?> keySelector) {
        requireConfiguring("keyBy");
        if (spec.isKeyed()) {
            throw new IllegalStateException("keyBy() applies to map, filter, flatMap and process; '" + operatorName
                    + "' is keyed by its own key selector already");
        }
        this.keySelector = requireFunction(keySelector);
        this.keyedInput = true;
        return this;
    }

    /**
     * Makes both inputs of a two-input operator keyed, as {@code a.connect(b).keyBy(keySelector1,
     * keySelector2).flatMap(function)}: the function of a {@code map}, {@code flatMap} or
     * {@code process} may then use keyed state, scoped to each element's key and shared by both inputs.
     */
    public OperatorHarness<IN, OUT> keyBy(KeySelector<IN, ?> keySelector1, KeySelector<?, ?> keySelector2) {
        requireTwoInputs("keyBy(keySelector1, keySelector2)");
        keyBy(keySelector1);
        this.keySelector2 = requireFunction(keySelector2);
        return this;
    }

    /** The operator's parallelism (default 1); with {@link #subtaskIndex}, decides the key groups this subtask owns. */
    public OperatorHarness<IN, OUT> parallelism(int parallelism) {
        requireConfiguring("parallelism");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        return this;
    }

    /** The subtask to run, from 0 (the default) to parallelism - 1. */
    public OperatorHarness<IN, OUT> subtaskIndex(int subtaskIndex) {
        requireConfiguring("subtaskIndex");
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException("subtask index must not be negative, got " + subtaskIndex);
        }
        this.subtaskIndex = subtaskIndex;
        return this;
    }

    /** The number of key groups (default 128, as {@code pipeline.max-parallelism}). */
    public OperatorHarness<IN, OUT> maxParallelism(int maxParallelism) {
        requireConfiguring("maxParallelism");
        if (maxParallelism < 1 || maxParallelism > MAX_MAX_PARALLELISM) {
            throw new IllegalArgumentException("maxParallelism must be in [1, " + MAX_MAX_PARALLELISM + "], got "
                    + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
        return this;
    }

    /**
     * Makes the operator's output report itself full at the first check after each record the
     * operator emits (every other check, while every step emits), as a busy downstream would. The
     * operator then pauses its resumable work (firing timers for a watermark or for processing
     * time, finishing) and the harness calls it again until it reports done, as a task does. Use it
     * to check that a function gives the same results when the operator is interrupted; outputs must
     * equal those of a run without it.
     */
    public OperatorHarness<IN, OUT> blockOutputEveryOtherCall() {
        requireConfiguring("blockOutputEveryOtherCall");
        this.blockOutputEveryOtherCall = true;
        return this;
    }

    // ---- driving -------------------------------------------------------------------------------

    /**
     * Copies the functions, creates the operator and opens it (calling the functions' {@code open}).
     * Optional: the first call that needs the operator does it.
     *
     * @throws io.sluice.api.InvalidJobException when a function cannot be copied
     */
    public OperatorHarness<IN, OUT> open() throws Exception {
        requireConfiguring("open");
        if (parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " exceeds maxParallelism "
                    + maxParallelism + " for operator '" + operatorName
                    + "'; raise maxParallelism or lower the parallelism");
        }
        if (subtaskIndex >= parallelism) {
            throw new IllegalArgumentException("subtask index " + subtaskIndex + " is not below the parallelism "
                    + parallelism + " of operator '" + operatorName + "'");
        }
        if (isTwoInput() && keyedInput != (keySelector2 != null) && !spec.isKeyed()) {
            throw new IllegalStateException("keyBy() of one key selector applies to one-input operators; key both"
                    + " inputs of '" + operatorName + "' with keyBy(keySelector1, keySelector2)");
        }
        OperatorUnderTest<IN, OUT> made = OperatorUnderTest.create(spec, keySelector, keySelector2, keyedInput,
                operatorName, subtaskIndex, parallelism, maxParallelism);
        operator = made.operator;
        backend = made.backend;
        if (backend != null) {
            backend.setTtlClock(() -> processingTimeMs); // state time-to-live follows the test's clock
        }
        routingKeySelector = made.routingKeySelector;
        routingKeySelector2 = made.routingKeySelector2;
        output = new HarnessOutput<>(blockOutputEveryOtherCall);
        OperatorContext context = new OperatorContext(operatorName, subtaskIndex, parallelism, maxParallelism,
                made.keySelector, backend, output, () -> processingTimeMs, new RecordingWatermarkEmitter(),
                PipelineOptions.AUTO_WATERMARK_INTERVAL.defaultValue().toMillis(), lineageId);
        operator.setup(context, output);
        phase = Phase.RUNNING;
        run(() -> {
            operator.open();
            return null;
        });
        return this;
    }

    /** Processes an element without a timestamp (as from a source without a timestamp assigner). */
    public void processElement(IN value) throws Exception {
        processElement(value, StreamRecord.NO_TIMESTAMP);
    }

    /**
     * Processes an element with event timestamp {@code timestamp}. A keyed operator of parallelism
     * above 1 takes only the keys of its subtask, as the runtime routes them.
     */
    public void processElement(IN value, long timestamp) throws Exception {
        requireRunning("processElement");
        if (routingKeySelector != null && parallelism > 1) {
            requireOwnKey(routingKeySelector, value);
        }
        run(() -> {
            operator.processElement(value, timestamp);
            return null;
        });
    }

    /** Processes an element of input 2 of a two-input operator, without a timestamp. */
    public void processElement2(Object value) throws Exception {
        processElement2(value, StreamRecord.NO_TIMESTAMP);
    }

    /**
     * Processes an element of input 2 of a two-input operator (from {@link #forCoMap},
     * {@link #forCoFlatMap}, {@link #forCoProcess} or {@link #forKeyedCoProcess}) with event
     * timestamp {@code timestamp}; its type is the function's second input type. The watermark
     * given by {@link #processWatermark} stands for the minimum of both inputs'.
     */
    @SuppressWarnings("unchecked")
    public void processElement2(Object value, long timestamp) throws Exception {
        requireTwoInputs("processElement2");
        requireRunning("processElement2");
        if (routingKeySelector2 != null && parallelism > 1) {
            requireOwnKey(routingKeySelector2, value);
        }
        run(() -> {
            ((TwoInputOperator<Object>) operator).processElement2(value, timestamp);
            return null;
        });
    }

    /**
     * Advances event time to {@code watermark}: fires every event-time timer at or before it, then
     * records the watermark in {@link #watermarks()} if the operator forwards it.
     *
     * @throws IllegalArgumentException when {@code watermark} is not above the previous one
     */
    public void processWatermark(long watermark) throws Exception {
        requireRunning("processWatermark");
        if (watermark <= lastWatermark) {
            throw new IllegalArgumentException("watermark " + watermark + " does not advance event time past "
                    + lastWatermark + ": the runtime passes only increasing watermarks to an operator");
        }
        advanceWatermark(watermark);
    }

    /**
     * Sets the processing-time clock the operator and its functions read, and fires every
     * processing-time timer due by then. Before the operator opens it only sets the starting time
     * (default 0). Calling it with the current time fires timers registered for the past meanwhile.
     *
     * @throws IllegalArgumentException when {@code nowMs} is before the current processing time
     */
    public void setProcessingTime(long nowMs) throws Exception {
        if (phase == Phase.CONFIGURING) {
            processingTimeMs = nowMs;
            return;
        }
        requireRunning("setProcessingTime");
        if (nowMs < processingTimeMs) {
            throw new IllegalArgumentException("processing time must not go back: " + nowMs + " is before "
                    + processingTimeMs);
        }
        processingTimeMs = nowMs;
        if (!run(() -> operator.hasDueProcessingTimers(nowMs))) {
            return;
        }
        while (true) {
            output.markCall();
            if (run(() -> operator.onProcessingTime(nowMs))) {
                return;
            }
            requirePauseExcused("onProcessingTime(" + nowMs + ")");
            processingTimePauses++;
        }
    }

    /**
     * Ends the input, as at the end of a bounded source: the final watermark ({@code Long.MAX_VALUE},
     * unless already passed) fires every event-time timer and window, then the operator finishes,
     * firing what remains (processing-time timers once each, every window still holding elements).
     * Afterwards only the results and {@link #close()} are available.
     */
    public void endInput() throws Exception {
        requireRunning("endInput");
        if (lastWatermark != Long.MAX_VALUE) {
            advanceWatermark(Long.MAX_VALUE);
        }
        while (true) {
            output.markCall();
            if (run(() -> operator.finish())) {
                break;
            }
            requirePauseExcused("finish()");
            finishPauses++;
        }
        phase = Phase.ENDED;
    }

    /**
     * Closes the operator (calling the functions' {@code close}) and releases its state. Safe to call
     * in any phase and more than once; a failure of a function's {@code close} is thrown as it was.
     */
    @Override
    public void close() throws Exception {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        try {
            if (operator != null) {
                operator.close();
            }
        } catch (Exception e) {
            throw OperatorUnderTest.unwrap(e);
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }

    // ---- results -------------------------------------------------------------------------------

    /** The values emitted to the main output so far, in order. */
    public List<OUT> output() {
        List<OUT> values = new ArrayList<>();
        for (StreamRecord<OUT> r : outputWithTimestamps()) {
            values.add(r.value());
        }
        return Collections.unmodifiableList(values);
    }

    /** The records emitted to the main output so far, in order, with their timestamps. */
    public List<StreamRecord<OUT>> outputWithTimestamps() {
        return output == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(output.main()));
    }

    /** The values emitted to the side output {@code tag} so far, in order. */
    public <X> List<X> sideOutput(OutputTag<X> tag) {
        List<X> values = new ArrayList<>();
        for (StreamRecord<X> r : sideOutputWithTimestamps(tag)) {
            values.add(r.value());
        }
        return Collections.unmodifiableList(values);
    }

    /** The records emitted to the side output {@code tag} so far, in order, with their timestamps. */
    public <X> List<StreamRecord<X>> sideOutputWithTimestamps(OutputTag<X> tag) {
        return output == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(output.side(tag)));
    }

    /** The watermarks the operator forwarded downstream, in order ({@code Long.MAX_VALUE} after {@link #endInput()}). */
    public List<Long> watermarks() {
        return Collections.unmodifiableList(new ArrayList<>(watermarks));
    }

    /** The processing time the operator sees. */
    public long processingTime() {
        return processingTimeMs;
    }

    /** The last watermark given to the operator; {@code Long.MIN_VALUE} before the first. */
    public long currentWatermark() {
        return lastWatermark;
    }

    /** Records the operator dropped by design: late window elements without a late-data side output. */
    public long recordsDropped() {
        return operator == null ? 0 : operator.recordsDropped();
    }

    /** The metrics the functions registered ({@code getMetricGroup()}), read now; empty before {@link #open()}. */
    public java.util.List<io.sluice.api.metrics.UserMetric> userMetrics() {
        return operator == null || operator.context() == null ? java.util.List.of()
                : operator.context().userMetrics().snapshot();
    }

    /**
     * The (state, key, namespace) entries in keyed state, the operator's internal window state
     * included: 0 once every key's state is cleared. 0 for operators that are not keyed.
     */
    public long numKeyedStateEntries() {
        return backend == null ? 0 : backend.numEntries();
    }

    /**
     * The event-time timers the operator has pending now, over all keys (a window's internal timers
     * included); 0 for operators without timers.
     */
    public int numEventTimeTimers() {
        return operator instanceof KeyedTimerOperator<?, ?, ?> keyed
                ? keyed.numEventTimeTimers() : 0;
    }

    /** How often the operator paused (only with {@link #blockOutputEveryOtherCall}): for the harness's own tests. */
    Pauses pauses() {
        return new Pauses(watermarkPauses, processingTimePauses, finishPauses);
    }

    record Pauses(int watermark, int processingTime, int finish) {
        int total() {
            return watermark + processingTime + finish;
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    private void advanceWatermark(long watermark) throws Exception {
        lastWatermark = watermark;
        int result;
        while (true) {
            output.markCall();
            result = run(() -> operator.processWatermark(watermark));
            if (result != StreamOperator.PAUSED) {
                break;
            }
            requirePauseExcused("processWatermark(" + watermark + ")");
            watermarkPauses++;
        }
        if (result == StreamOperator.FORWARD) {
            watermarks.add(watermark);
        }
    }

    /**
     * Invariant: an operator pauses only when its output gate said "blocked" during the call. The
     * harness calls again after a pause; an operator that paused for no reason would be called
     * forever, so this fails instead.
     */
    private void requirePauseExcused(String call) {
        if (!output.reportedBlockedSinceMark()) {
            phase = Phase.FAILED;
            throw new IllegalStateException("operator '" + operatorName + "' paused in " + call
                    + " although its output never reported itself blocked; an operator may pause only when"
                    + " its output gate is blocked");
        }
    }

    private boolean isTwoInput() {
        return spec instanceof OperatorSpec.CoMap<?, ?, ?> || spec instanceof OperatorSpec.CoFlatMap<?, ?, ?>
                || spec instanceof OperatorSpec.CoProcess<?, ?, ?> || spec instanceof OperatorSpec.KeyedCoProcess<?, ?, ?, ?>;
    }

    private void requireTwoInputs(String call) {
        if (!isTwoInput()) {
            throw new IllegalStateException(call + "() applies to two-input operators (forCoMap, forCoFlatMap,"
                    + " forCoProcess, forKeyedCoProcess), but '" + operatorName + "' has one input");
        }
    }

    private void requireOwnKey(KeySelector<Object, Object> routing, Object value) throws Exception {
        Object key;
        try {
            key = routing.getKey(value);
        } catch (Exception | Error e) {
            phase = Phase.FAILED;
            throw e;
        }
        if (key == null) {
            return; // the operator refuses a null key with the runtime's own message
        }
        int keyGroup = KeyGroups.keyGroupFor(key, maxParallelism);
        int owner = KeyGroups.subtaskFor(keyGroup, maxParallelism, parallelism);
        if (owner != subtaskIndex) {
            throw new IllegalArgumentException("key " + key + " (key group " + keyGroup + " of " + maxParallelism
                    + ") belongs to subtask " + (owner + 1) + "/" + parallelism + ", but this harness runs subtask "
                    + (subtaskIndex + 1) + "/" + parallelism + " of '" + operatorName + "', where the runtime"
                    + " never routes it; give this subtask only its own keys (see KeyGroups.subtaskFor)");
        }
    }

    private void requireConfiguring(String option) {
        if (phase != Phase.CONFIGURING) {
            throw new IllegalStateException(option + "() must be called before the operator opens, but the"
                    + " harness of '" + operatorName + "' is " + phase.name().toLowerCase());
        }
    }

    private void requireRunning(String call) throws Exception {
        if (phase == Phase.CONFIGURING) {
            open();
        }
        if (phase != Phase.RUNNING) {
            String why = switch (phase) {
                case ENDED -> "its input has ended (endInput() was called)";
                case FAILED -> "the operator failed; only close() is allowed, as the runtime only closes a failed"
                        + " task";
                default -> "it is closed";
            };
            throw new IllegalStateException(call + "() on the harness of '" + operatorName + "', but " + why);
        }
    }

    /** Calls into the operator: a failure moves the harness to FAILED and reaches the test unwrapped. */
    private <R> R run(OperatorCall<R> call) throws Exception {
        try {
            return call.run();
        } catch (Exception e) {
            phase = Phase.FAILED;
            throw OperatorUnderTest.unwrap(e);
        } catch (Error e) {
            phase = Phase.FAILED;
            throw e;
        }
    }

    @FunctionalInterface
    private interface OperatorCall<R> {
        R run() throws Exception;
    }

    /** Watermarks an operator makes itself go where forwarded ones go. */
    private final class RecordingWatermarkEmitter implements WatermarkEmitter {
        @Override
        public void emitWatermark(long watermark) {
            watermarks.add(watermark);
        }

        @Override
        public void emitIdle() {
        }

        @Override
        public void emitActive() {
        }
    }
}
