package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.runtime.operators.KeyedTimerOperator;
import io.sluice.runtime.operators.TimestampedCollector;
import io.sluice.state.InternalRecordState;
import io.sluice.state.offheap.OffHeapDataOutput;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Collections;

/**
 * What the event-time windows that keep one state record per key share
 * ({@link SlicingWindowOperator}, {@link SessionWindowOperator}): the incremental aggregate (a
 * reduce, or an aggregate's add, merge and result) over accumulators serialized into the record,
 * the record state itself, the window function that may see each result with its key and window,
 * and the handling of late elements. Such windows have the standard event-time trigger, no allowed
 * lateness and no evictor.
 *
 * @param <N> the namespace of the operator's timers
 */
abstract class RecordWindowOperator<K, IN, OUT, N> extends KeyedTimerOperator<N, IN, OUT> {

    private final OutputTag<IN> lateDataTag;
    private final ReduceFunction<Object> reduce;
    private final AggregateFunction<IN, Object, Object> aggregate;
    private final TypeSerializer<Object> accumulators;
    /** Null when the results are emitted as they are. */
    private final ProcessWindowFunction<Object, OUT, K, TimeWindow> windowFunction;
    private WindowStateStores<TimeWindow> stateStores;
    private WindowFunctionContext<K, OUT, TimeWindow> functionContext;

    protected InternalRecordState records;
    protected TimestampedCollector<OUT> collector;
    private final BufferDataInput in = new BufferDataInput();
    private final OffHeapDataOutput out = new OffHeapDataOutput(256);
    private final UnsafeBuffer serialized = new UnsafeBuffer(0, 0);

    private long lateRecordsDropped;
    private long lateRecordsToSideOutput;

    /** Elements the heap folds pass on, held a few at a time so their records are read together. */
    private final RecordLookahead lookahead = new RecordLookahead();
    private final RecordLookahead.Apply applyHeld = this::applyHeld;

    @SuppressWarnings({"unchecked", "rawtypes"})
    RecordWindowOperator(OperatorSpec.KeyedWindow<K, IN, ?> spec) {
        super(OperatorSpec.functionsOf(spec).stream().filter(f -> f != spec.keySelector()).toArray(Function[]::new));
        this.lateDataTag = spec.lateDataTag();
        this.reduce = (ReduceFunction) spec.reduce();
        this.aggregate = (AggregateFunction) spec.aggregate();
        this.accumulators = (TypeSerializer<Object>) spec.accumulatorSerializer();
        this.windowFunction = (ProcessWindowFunction) spec.windowFunction();
    }

    /** Whether {@code spec} has what every record window needs, whatever its assigner. */
    static boolean incrementalWithDefaultTrigger(OperatorSpec.KeyedWindow<?, ?, ?> spec) {
        return spec.assigner().isEventTime()
                && spec.trigger() != null && spec.trigger().getClass() == EventTimeTrigger.class
                && spec.allowedLatenessMs() == 0 && spec.evictor() == null
                && (spec.reduce() != null || spec.aggregate() != null);
    }

    // ---- what waits on the heap for the state: held elements and folds --------------------------

    /**
     * Holds an element of {@code key} (not null) in {@code keyGroup} where the heap folds are
     * bypassed (keys rarely repeat), so the records of a few are read together
     * ({@link RecordLookahead}); applied with {@link #applyHeld} when the batch is full.
     */
    protected final void hold(Object key, int keyGroup, Object element, long timestamp) throws Exception {
        if (lookahead.add(key, keyGroup, element, timestamp)) {
            lookahead.apply(records, applyHeld);
        }
    }

    /** Applies the elements {@link #hold} holds now, for an element about to be judged against its record. */
    protected final void applyHeldElements() throws Exception {
        if (!lookahead.isEmpty()) {
            lookahead.apply(records, applyHeld);
        }
    }

    /** Writes one held element into its key's record. */
    protected abstract void applyHeld(Object key, int keyGroup, Object element, long timestamp) throws Exception;

    /** Writes what the heap folds hold into the state, with the timers it needs. */
    protected abstract void drainFolds() throws Exception;

    /**
     * Writes everything waiting on the heap into the state: the held elements first, then the folds
     * (which only ever hold elements that came after the held ones, since a stretch of bypassed
     * elements starts at a drain). Before every watermark (whose timers read the state), every
     * checkpoint (which snapshots it), and when a fold table is full.
     */
    protected final void writeHeld() throws Exception {
        applyHeldElements();
        drainFolds();
    }

    @Override
    public final int processWatermark(long watermark) throws Exception {
        writeHeld();
        return super.processWatermark(watermark);
    }

    @Override
    protected final java.util.List<byte[]> snapshotOwnState(long checkpointId) throws Exception {
        writeHeld(); // before the task snapshots the keyed state
        return super.snapshotOwnState(checkpointId);
    }

    /** Opens the keys, timers and the record state {@code name}; subclasses call it first in {@code open()}. */
    protected final void openRecords(String name, String otherLayoutState) {
        openKeysAndTimers();
        WindowLayouts.refuseRestoredLayout(context.keyedStateBackend(), otherLayoutState, context.describe(), false);
        records = context.keyedStateBackend().recordState(name, accumulators);
        collector = new TimestampedCollector<>(output);
        if (windowFunction != null) {
            stateStores = new WindowStateStores<>(context.keyedStateBackend(), TimeWindow.SERIALIZER, context.describe(),
                    mergingAssigner());
            functionContext = new WindowFunctionContext<>(windowFunction, stateStores, timers::currentWatermark,
                    context::currentProcessingTime, this::emitToSideOutput);
        }
    }

    /** The assigner's name when windows merge (per-window state is refused then), else null. */
    protected abstract String mergingAssigner();

    /** Whether results go through a window function, which needs each result's key made current. */
    protected final boolean hasWindowFunction() {
        return windowFunction != null;
    }

    protected final void requireTimestamp(long timestamp) {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("a record reached the event-time window of operator " + context.describe()
                    + " without a timestamp; give the source a timestamp assigner, e.g."
                    + " WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner((e, ts) -> e.time())");
        }
    }

    /** An element all of whose windows have fired: to the late-data side output, or counted as dropped. */
    protected final void late(IN value, long timestamp) throws Exception {
        if (lateDataTag != null) {
            lateRecordsToSideOutput++;
            output.collect(lateDataTag, value, timestamp);
        } else {
            lateRecordsDropped++;
        }
    }

    /**
     * A partial aggregate all of whose windows have fired: its records are counted as dropped (a
     * combiner sends partials only for windows without a late-data side output).
     */
    protected final void late(WindowPartial partial) {
        lateRecordsDropped += partial.records;
    }

    /** The accumulator of {@code length} bytes at {@code offset} of {@code record}. */
    protected final Object readAccumulator(DirectBuffer record, int offset, int length) throws Exception {
        return accumulators.deserialize(in.wrap(record, offset, length));
    }

    /** {@code accumulator} with {@code value} added; a new accumulator of {@code value} for null. */
    protected final Object add(Object accumulator, IN value) throws Exception {
        if (reduce != null) {
            return accumulator == null ? value : reduce.reduce(accumulator, value);
        }
        return aggregate.add(value, accumulator == null ? aggregate.createAccumulator() : accumulator);
    }

    /**
     * {@code accumulator} with {@code element} folded in: a record added, or a {@link WindowPartial}'s
     * accumulator combined; for a null accumulator, the element's own.
     */
    protected final Object fold(Object accumulator, Object element) throws Exception {
        if (element instanceof WindowPartial partial) {
            return combine(accumulator, partial.accumulator);
        }
        @SuppressWarnings("unchecked")
        IN value = (IN) element;
        return add(accumulator, value);
    }

    /** Two accumulators as one (either may be null). */
    protected final Object combine(Object a, Object b) throws Exception {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return reduce != null ? reduce.reduce(a, b) : aggregate.merge(a, b);
    }

    /** Serializes {@code accumulator}, to be copied from {@link #serialized()}; returns its length. */
    protected final int serialize(Object accumulator) throws Exception {
        out.reset();
        accumulators.serialize(accumulator, out);
        serialized.wrap(out.address(), out.position());
        return out.position();
    }

    /** The bytes of the accumulator {@link #serialize} wrote last. */
    protected final DirectBuffer serialized() {
        return serialized;
    }

    /**
     * Emits the result of window {@code [start, end)} at its last timestamp: as it is, or through the
     * window function (for the current key), whose per-window state is then cleared with the window.
     */
    @SuppressWarnings("unchecked")
    protected final void emit(Object accumulator, long start, long end) throws Exception {
        Object result = reduce != null ? accumulator : aggregate.getResult(accumulator);
        collector.setTimestamp(end - 1);
        if (windowFunction == null) {
            collector.collect((OUT) result);
            return;
        }
        TimeWindow window = new TimeWindow(start, end);
        functionContext.setWindow(window);
        windowFunction.process((K) keys.currentKey(), functionContext, Collections.singletonList(result), collector);
        windowFunction.clear(functionContext);
        stateStores.clearWindow(window);
    }

    @Override
    public long recordsDropped() {
        return lateRecordsDropped;
    }

    /** Elements that arrived after all their windows fired and went nowhere (no late-data side output). */
    public long lateRecordsDropped() {
        return lateRecordsDropped;
    }

    public long lateRecordsToSideOutput() {
        return lateRecordsToSideOutput;
    }
}
