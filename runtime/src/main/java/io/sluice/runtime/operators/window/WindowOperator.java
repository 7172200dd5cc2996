package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.AppendingState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.MergingWindowAssigner;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.TriggerResult;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.operators.TimestampedCollector;
import io.sluice.runtime.operators.KeyedTimerOperator;
import io.sluice.runtime.time.TimerEntry;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyedStateBackend;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;

/**
 * A keyed window: assigns each element to windows, keeps their contents in keyed state under the
 * window as namespace (folded as they arrive for reduce/aggregate, all elements for process or
 * when an evictor is set: {@link EvictingWindowContents}), asks the trigger when to fire, and
 * clears a window once the watermark passes its end plus the allowed lateness, calling the window
 * function's {@code clear} and dropping its per-window state ({@link WindowStateStores}). Elements
 * for windows already cleared go to the late-data side output, or are counted as dropped.
 *
 * <p>At end of input every window that still holds elements not yet emitted fires once: the final
 * watermark fires event-time windows and the cleanup timers of the rest, and a window is "dirty"
 * from its first unemitted element until it fires. With the standard event-time trigger no dirty
 * flag is kept (the final watermark fires every window that holds elements), and with no allowed
 * lateness its timer is also the cleanup timer: two state operations and a timer registration per
 * element saved on the most common window.
 */
public final class WindowOperator<K, IN, OUT, W extends Window> extends KeyedTimerOperator<W, IN, OUT> {

    /** The keyed state a window's contents are kept in. */
    public static final String CONTENTS = "__window-contents";

    private final WindowAssigner<? super IN, W> assigner;
    private final Trigger<? super IN, ? super W> trigger;
    private final long allowedLatenessMs;
    private final OutputTag<IN> lateDataTag;
    private final ReduceFunction<IN> reduce;
    private final AggregateFunction<IN, Object, Object> aggregate;
    private final TypeSerializer<Object> stateSerializer;
    private final ProcessWindowFunction<Object, OUT, K, W> windowFunction;
    /** Null for a window without evictor, which keeps an incremental result (or the elements for process). */
    private final Evictor<Object, W> evictor;

    private KeyedStateBackend backend;
    private TimestampedCollector<OUT> collector;
    private WindowTriggerContext<W> triggerContext;
    private WindowFunctionContext<K, OUT, W> functionContext;
    private WindowStateStores<W> stateStores;
    /** Set (and {@link #appendingState} null) when the window has an evictor. */
    private EvictingWindowContents<IN, W> evicting;

    @SuppressWarnings("rawtypes")
    private InternalKvState windowStateInternal;
    private AppendingState<IN, Object> appendingState;
    /** Null when {@link #tracksDirty} is false. */
    private InternalKvState<W> dirtyInternal;
    private ReducingState<Boolean> dirty;
    private boolean tracksDirty;
    private boolean cleanupTimerIsTriggerTimer;
    private ValueState<HashMap<W, W>> mergingWindowsState;

    private long lateRecordsDropped;
    private long lateRecordsToSideOutput;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public WindowOperator(OperatorSpec.KeyedWindow<K, IN, W> spec) {
        super(functionsOf(spec));
        this.assigner = spec.assigner();
        this.trigger = spec.trigger();
        this.allowedLatenessMs = spec.allowedLatenessMs();
        this.lateDataTag = spec.lateDataTag();
        this.reduce = spec.reduce();
        this.aggregate = (AggregateFunction) spec.aggregate();
        this.stateSerializer = (TypeSerializer<Object>) spec.accumulatorSerializer();
        this.windowFunction = (ProcessWindowFunction) spec.windowFunction();
        this.evictor = (Evictor) spec.evictor();
    }

    private static Function[] functionsOf(OperatorSpec.KeyedWindow<?, ?, ?> spec) {
        return OperatorSpec.functionsOf(spec).stream().filter(f -> f != spec.keySelector()).toArray(Function[]::new);
    }

    @Override
    protected TypeSerializer<W> timerNamespaceSerializer() {
        return assigner.windowSerializer();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open() throws Exception {
        openKeysAndTimers();
        backend = context.keyedStateBackend();
        WindowLayouts.refuseRestoredLayout(backend, SlicingWindowOperator.SLICES, context.describe(), true);
        WindowLayouts.refuseRestoredLayout(backend, SessionWindowOperator.SESSIONS, context.describe(), true);
        collector = new TimestampedCollector<>(output);
        triggerContext = new WindowTriggerContext<>(backend, timers, context, assigner.windowSerializer());
        stateStores = windowFunction == null ? null : new WindowStateStores<>(backend, assigner.windowSerializer(),
                context.describe(), assigner instanceof MergingWindowAssigner ? assigner.toString() : null);
        functionContext = windowFunction == null ? null : new WindowFunctionContext<>(windowFunction, stateStores,
                timers::currentWatermark, context::currentProcessingTime, this::emitToSideOutput);

        if (evictor != null) {
            evicting = new EvictingWindowContents<>(backend, (TypeSerializer<IN>) (TypeSerializer) stateSerializer,
                    assigner.windowSerializer(), evictor, reduce, aggregate, context::currentProcessingTime,
                    timers::currentWatermark);
        } else {
            StateDescriptor<?, ?> contents;
            if (reduce != null) {
                contents = new ReducingStateDescriptor<>(CONTENTS, (ReduceFunction) reduce, stateSerializer);
            } else if (aggregate != null) {
                contents = new AggregatingStateDescriptor<>(CONTENTS, aggregate, stateSerializer);
            } else {
                contents = new ListStateDescriptor<>(CONTENTS, stateSerializer);
            }
            Object handle = backend.getOrCreateState((StateDescriptor) contents, assigner.windowSerializer());
            windowStateInternal = (InternalKvState) handle;
            appendingState = aggregate != null || reduce != null ? (AppendingState) handle
                    : new ListAsAppending<>(handle);
        }
        boolean standardEventTime = assigner.isEventTime() && trigger.getClass() == EventTimeTrigger.class;
        tracksDirty = !standardEventTime;
        cleanupTimerIsTriggerTimer = standardEventTime && allowedLatenessMs == 0;
        if (tracksDirty) {
            Object dirtyHandle = backend.getOrCreateState(
                    new ReducingStateDescriptor<>("__window-dirty", (a, b) -> a || b, Serializers.BOOLEAN),
                    assigner.windowSerializer());
            dirty = (ReducingState<Boolean>) dirtyHandle;
            dirtyInternal = (InternalKvState<W>) dirtyHandle;
        }
        if (assigner instanceof MergingWindowAssigner) {
            if (!trigger.canMerge()) {
                throw new UnsupportedOperationException("trigger " + trigger + " of operator " + context.describe()
                        + " cannot merge windows, but the assigner " + assigner + " merges them; use a trigger"
                        + " that supports merging");
            }
            TypeSerializer<W> windows = (TypeSerializer<W>) assigner.windowSerializer();
            mergingWindowsState = backend.getOrCreateState(new ValueStateDescriptor<HashMap<W, W>>("__merging-windows",
                    (TypeSerializer) Serializers.mapOf(windows, windows)), null);
        }
        super.open();
    }

    // ---- elements ------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(IN value, long timestamp) throws Exception {
        if (timestamp == Long.MIN_VALUE && assigner.isEventTime()) {
            throw new IllegalStateException("a record reached the event-time window " + assigner + " of operator "
                    + context.describe() + " without a timestamp; give the source a timestamp assigner, e.g."
                    + " WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner((e, ts) -> e.time())");
        }
        keys.setCurrentKeyOf(value);
        long now = context.currentProcessingTime();
        Collection<W> elementWindows = (Collection<W>) ((WindowAssigner<IN, W>) assigner)
                .assignWindows(value, timestamp, now);
        boolean skipped = true;
        if (mergingWindowsState != null) {
            MergingWindowSet<W> merging = mergingWindows();
            for (W window : elementWindows) {
                W actual = merging.addWindow(window, this::mergeWindows);
                if (isWindowLate(actual)) {
                    merging.retireWindow(actual);
                    continue;
                }
                skipped = false;
                W stateWindow = merging.stateWindow(actual);
                if (stateWindow == null) {
                    throw new IllegalStateException("window " + actual + " has no state window");
                }
                addAndTrigger(value, timestamp, actual, stateWindow);
            }
            saveMergingWindows(merging);
        } else {
            for (W window : elementWindows) {
                if (isWindowLate(window)) {
                    continue;
                }
                skipped = false;
                addAndTrigger(value, timestamp, window, window);
            }
        }
        if (skipped && isElementLate(timestamp)) {
            if (lateDataTag != null) {
                lateRecordsToSideOutput++;
                output.collect(lateDataTag, value, timestamp);
            } else {
                lateRecordsDropped++;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void addAndTrigger(IN value, long timestamp, W window, W stateWindow) throws Exception {
        if (evicting != null) {
            evicting.setCurrentNamespace(stateWindow);
            evicting.add(value, timestamp);
        } else {
            windowStateInternal.setCurrentNamespace(stateWindow);
            appendingState.add(value);
        }
        if (tracksDirty) {
            dirtyInternal.setCurrentNamespace(stateWindow);
            dirty.add(Boolean.TRUE);
        }
        triggerContext.setWindow(window);
        TriggerResult result = ((Trigger<IN, W>) trigger).onElement(value, timestamp, window, triggerContext);
        if (result.isFire()) {
            emit(window);
        }
        if (result.isPurge()) {
            clearContents();
        }
        if (!cleanupTimerIsTriggerTimer) {
            registerCleanupTimer(window);
        }
    }

    private void mergeWindows(W mergeResult, Collection<W> mergedWindows, W stateWindowResult,
                              Collection<W> mergedStateWindows) throws Exception {
        if (assigner.isEventTime() && cleanupTime(mergeResult) <= timers.currentWatermark()) {
            throw new UnsupportedOperationException("the end of event-time window " + mergeResult
                    + " would fall behind the watermark by merging");
        }
        triggerContext.setWindow(mergeResult);
        triggerContext.onMerge(trigger, mergedWindows);
        for (W m : mergedWindows) {
            triggerContext.setWindow(m);
            triggerContext.clear(trigger);
            deleteCleanupTimer(m);
        }
        if (evicting != null) {
            evicting.mergeNamespaces(stateWindowResult, mergedStateWindows);
        } else {
            windowStateInternal.mergeNamespaces(stateWindowResult, mergedStateWindows);
        }
        if (tracksDirty) {
            dirtyInternal.mergeNamespaces(stateWindowResult, mergedStateWindows);
        }
    }

    // ---- time ----------------------------------------------------------------------------------

    @Override
    public boolean finish() throws Exception {
        finishing = true;
        return super.finish();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onEventTime(TimerEntry<W> timer) throws Exception {
        onTimer(timer, true);
    }

    @Override
    public void onProcessingTime(TimerEntry<W> timer) throws Exception {
        onTimer(timer, false);
    }

    @SuppressWarnings("unchecked")
    private void onTimer(TimerEntry<W> timer, boolean eventTime) throws Exception {
        W window = timer.namespace();
        MergingWindowSet<W> merging = null;
        W stateWindow = window;
        if (mergingWindowsState != null) {
            merging = mergingWindows();
            stateWindow = merging.stateWindow(window);
            if (stateWindow == null) {
                return; // the window merged away or was cleared already
            }
        }
        if (evicting != null) {
            evicting.setCurrentNamespace(stateWindow);
        } else {
            windowStateInternal.setCurrentNamespace(stateWindow);
        }
        if (tracksDirty) {
            dirtyInternal.setCurrentNamespace(stateWindow);
        }
        triggerContext.setWindow(window);
        Trigger<IN, W> t = (Trigger<IN, W>) trigger;
        TriggerResult result = eventTime ? t.onEventTime(timer.timestamp(), window, triggerContext)
                : t.onProcessingTime(timer.timestamp(), window, triggerContext);
        if (result.isFire()) {
            emit(window);
        }
        if (result.isPurge()) {
            clearContents();
        }
        boolean cleanup = eventTime == usesEventTimeCleanup(window) && timer.timestamp() == cleanupTime(window);
        if (cleanup) {
            if (tracksDirty && isEndOfInput(eventTime) && dirty.get() != null) {
                emit(window); // every window fires at end of input
            }
            clearContents();
            if (tracksDirty) {
                dirty.clear();
            }
            triggerContext.clear(trigger);
            if (windowFunction != null) {
                functionContext.setWindow(window);
                windowFunction.clear(functionContext);
                stateStores.clearWindow(window);
            }
            if (merging != null) {
                merging.retireWindow(window);
            }
        }
        if (merging != null) {
            saveMergingWindows(merging);
        }
    }

    private boolean isEndOfInput(boolean eventTime) {
        return eventTime ? timers.currentWatermark() == Long.MAX_VALUE : finishing;
    }

    /** Set once the input has ended: processing-time windows then fire whatever they hold. */
    private boolean finishing;

    private void clearContents() {
        if (evicting != null) {
            evicting.clear();
        } else {
            windowStateInternal.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private void emit(W window) throws Exception {
        if (tracksDirty) {
            dirty.clear();
        }
        if (evicting != null) {
            evicting.fire(window, this::emitContents);
            return;
        }
        Object contents = appendingState.get();
        if (contents != null) {
            emitContents(window, contents);
        }
    }

    /** Emits a window's result: the folded value, or every element for process. */
    @SuppressWarnings("unchecked")
    private void emitContents(W window, Object contents) throws Exception {
        collector.setTimestamp(window.maxTimestamp());
        if (windowFunction == null) {
            collector.collect((OUT) contents);
        } else {
            Iterable<Object> elements = reduce == null && aggregate == null ? (Iterable<Object>) contents
                    : Collections.singletonList(contents);
            functionContext.setWindow(window);
            windowFunction.process((K) keys.currentKey(), functionContext, elements, collector);
        }
    }

    /** Event-time windows clean up on event time; the global window at the final watermark too. */
    private boolean usesEventTimeCleanup(W window) {
        return assigner.isEventTime() || window.maxTimestamp() == Long.MAX_VALUE;
    }

    private long cleanupTime(W window) {
        if (!assigner.isEventTime()) {
            return window.maxTimestamp();
        }
        long t = window.maxTimestamp() + allowedLatenessMs;
        return t >= window.maxTimestamp() ? t : Long.MAX_VALUE;
    }

    private void registerCleanupTimer(W window) {
        if (usesEventTimeCleanup(window)) {
            timers.registerEventTimeTimer(window, cleanupTime(window));
        } else {
            timers.registerProcessingTimeTimer(window, cleanupTime(window));
        }
    }

    private void deleteCleanupTimer(W window) {
        if (usesEventTimeCleanup(window)) {
            timers.deleteEventTimeTimer(window, cleanupTime(window));
        } else {
            timers.deleteProcessingTimeTimer(window, cleanupTime(window));
        }
    }

    private boolean isWindowLate(W window) {
        return assigner.isEventTime() && cleanupTime(window) <= timers.currentWatermark();
    }

    private boolean isElementLate(long timestamp) {
        if (!assigner.isEventTime() || timestamp == Long.MIN_VALUE) {
            return false;
        }
        // Saturate like cleanupTime: with a huge allowed lateness the sum overflows, and is never late.
        long endOfLateness = timestamp + allowedLatenessMs;
        return endOfLateness >= timestamp && endOfLateness <= timers.currentWatermark();
    }

    @SuppressWarnings("unchecked")
    private MergingWindowSet<W> mergingWindows() {
        HashMap<W, W> mapping = mergingWindowsState.value();
        return new MergingWindowSet<>((MergingWindowAssigner<?, W>) assigner,
                mapping == null ? new HashMap<>() : mapping);
    }

    private void saveMergingWindows(MergingWindowSet<W> merging) {
        mergingWindowsState.update(merging.mapping().isEmpty() ? null : merging.mapping());
    }

    @Override
    public long recordsDropped() {
        return lateRecordsDropped;
    }

    /** Elements that arrived after their windows were cleared and went nowhere (no late-data side output). */
    public long lateRecordsDropped() {
        return lateRecordsDropped;
    }

    public long lateRecordsToSideOutput() {
        return lateRecordsToSideOutput;
    }
}
