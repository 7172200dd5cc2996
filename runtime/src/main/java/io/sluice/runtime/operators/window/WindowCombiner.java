package io.sluice.runtime.operators.window;

import io.sluice.api.functions.AbstractRichFunction;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.windowing.AlignedWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.runtime.channel.KeyGroupPartitioner;
import io.sluice.runtime.channel.RecordCombiner;
import io.sluice.runtime.operators.Overrides;
import io.sluice.state.KeyGroups;

/**
 * The first stage of a two-stage window aggregation, on the sending side of the keyBy into a
 * {@link SlicingWindowOperator}: folds the records it is handed per key and slice into one
 * accumulator (the window's reduce, or its aggregate's add; {@link SliceFolds}) and sends one
 * {@link WindowPartial} per key and slice whenever the writer flushes it: before each watermark,
 * status, barrier and end of input, and when it holds {@link SliceFolds#MAX_CAPACITY} of them. The
 * window folds each partial in with the same reduce (or the aggregate's merge) that it uses to
 * combine slices. A partial never crosses a watermark, so it is late at the window exactly when its
 * records would have been; and it never crosses a barrier, so a checkpoint holds nothing of it (the
 * combiner has no state). While folding does not pay (see {@link SliceFolds}), records go as they
 * are. Worker thread of the sending task only.
 */
public final class WindowCombiner implements RecordCombiner {

    private final KeyGroupPartitioner keys;
    private final Fold fold;
    private final long offset;
    private final long sliceMs;
    private final int maxParallelism;
    private final SliceFolds folds = new SliceFolds();

    /** The slice of the last record, so that records in the same slice cost no division. */
    private long sliceStart = Long.MAX_VALUE;
    private long sliceEnd = Long.MIN_VALUE;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private WindowCombiner(OperatorSpec.KeyedWindow<?, ?, ?> window, KeyGroupPartitioner keys) {
        AlignedWindows grid = (AlignedWindows) window.assigner();
        this.keys = keys;
        ReduceFunction<Object> reduce = (ReduceFunction) window.reduce();
        AggregateFunction<Object, Object, Object> aggregate = (AggregateFunction) window.aggregate();
        this.fold = reduce != null
                ? (acc, value) -> acc == null ? value : reduce.reduce(acc, value)
                : (acc, value) -> aggregate.add(value, acc == null ? aggregate.createAccumulator() : acc);
        this.offset = grid.offsetMillis();
        this.sliceMs = SlicingWindowOperator.gcd(grid.sizeMillis(), grid.slideMillis());
        this.maxParallelism = keys.maxParallelism();
    }

    /**
     * A combiner for the records sent through {@code keys} into {@code window}, or null when that
     * window is not one to pre-aggregate for: not kept in slices, with a late-data side output
     * (which needs the late records themselves), or with a reduce or aggregate that has a lifecycle
     * of its own (opened with a runtime context, or closed), which only its own operator runs.
     *
     * @param window a copy of the window's spec for this sending subtask: its functions are called here
     */
    public static WindowCombiner forWindow(OperatorSpec.KeyedWindow<?, ?, ?> window, KeyGroupPartitioner keys) {
        if (!SlicingWindowOperator.supports(window) || window.lateDataTag() != null
                || hasLifecycle(window.reduce()) || hasLifecycle(window.aggregate())) {
            return null;
        }
        return new WindowCombiner(window, keys);
    }

    private static boolean hasLifecycle(Function f) {
        if (f == null) {
            return false;
        }
        if (f instanceof AbstractRichFunction) {
            return true;
        }
        return Overrides.overrides(f.getClass(), Function.class, "open", RuntimeContext.class)
                || Overrides.overrides(f.getClass(), Function.class, "close");
    }

    @Override
    public boolean combine(Object value, long timestamp) throws Exception {
        if (folds.bypassing()) {
            return false;
        }
        if (timestamp == Long.MIN_VALUE) {
            return false; // the window fails it with its message
        }
        Object key = keys.keyOf(value);
        if (key == null) {
            return false; // the partitioner fails it with its message
        }
        if (timestamp < sliceStart || timestamp >= sliceEnd) {
            sliceStart = TimeWindow.windowStart(timestamp, offset, sliceMs);
            sliceEnd = sliceStart + sliceMs;
        }
        folds.add(key, sliceEnd, timestamp, value, fold);
        return true;
    }

    @Override
    public boolean isFull() {
        return folds.isFull();
    }

    @Override
    public void flush(Sender sender, int channels) {
        folds.<RuntimeException>drain((key, slice, timestamp, accumulator, records) -> {
            int keyGroup = KeyGroups.keyGroupFor(key, maxParallelism);
            sender.send(KeyGroups.subtaskFor(keyGroup, maxParallelism, channels),
                    new WindowPartial(key, keyGroup, accumulator, records), timestamp);
        });
    }

    /** Partials held now (for tests). */
    int size() {
        return folds.size();
    }
}
