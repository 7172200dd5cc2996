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
import io.sluice.state.KeyGroups;

/**
 * The first stage of a two-stage window aggregation, on the sending side of the keyBy into a
 * {@link SlicingWindowOperator}: folds the records it is handed per key and slice into one
 * accumulator (the window's reduce, or its aggregate's add) and sends one {@link WindowPartial}
 * per key and slice whenever the writer flushes it: before each watermark, status, barrier and end
 * of input, and when it holds {@link #MAX_CAPACITY} of them. The window folds each partial in with the
 * same reduce (or the aggregate's merge) that it uses to combine slices. A partial never crosses a
 * watermark, so it is late at the window exactly when its records would have been; and it never
 * crosses a barrier, so a checkpoint holds nothing of it (the combiner has no state).
 *
 * <p>In an open-addressing table that grows with the keys seen between two flushes, up to
 * {@link #MAX_CAPACITY}: one hash of the key and the slice per record, no allocation but a new
 * partial's. Folding pays only when keys repeat between flushes; when a full table had folded fewer
 * than two records per partial (many more keys than that between two watermarks), the combiner
 * sends records as they are for a while ({@link #BYPASS_RECORDS} at first, twice as long after each
 * try that failed again, up to {@link #MAX_BYPASS_RECORDS}), then tries again. Worker thread of the
 * sending task only.
 */
public final class WindowCombiner implements RecordCombiner {

    /** Partials held at first; the table doubles when it fills, up to {@link #MAX_CAPACITY}. */
    static final int INITIAL_CAPACITY = 1024;
    /** Partials held before a flush that is not waiting for a watermark. */
    static final int MAX_CAPACITY = 1 << 16;
    /** Records sent as they are after a full table folded too few, before folding is tried again. */
    static final long BYPASS_RECORDS = 1 << 20;
    /** The longest such stretch, after tries that kept failing. */
    static final long MAX_BYPASS_RECORDS = 1 << 26;

    private final KeyGroupPartitioner keys;
    private final ReduceFunction<Object> reduce;
    private final AggregateFunction<Object, Object, Object> aggregate;
    private final long offset;
    private final long sliceMs;
    private final int maxParallelism;

    /** Partials the table holds before it grows or flushes; its slots are twice as many. */
    private int capacity;
    private int mask;
    private Object[] slotKey;
    private long[] slotSlice;
    private Object[] slotAccumulator;
    private long[] slotTimestamp;
    private int[] slotRecords;
    /** The slots in use, in the order they were taken: flushed in that order. */
    private int[] used;
    private int size;
    /** Records folded since the last flush. */
    private long folded;
    /** Records still to send as they are before folding again. */
    private long bypass;
    /** How long the next stretch of records sent as they are lasts, if folding fails again. */
    private long nextBypass = BYPASS_RECORDS;

    /** The slice of the last record, so that records in the same slice cost no division. */
    private long sliceStart = Long.MAX_VALUE;
    private long sliceEnd = Long.MIN_VALUE;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private WindowCombiner(OperatorSpec.KeyedWindow<?, ?, ?> window, KeyGroupPartitioner keys) {
        AlignedWindows grid = (AlignedWindows) window.assigner();
        this.keys = keys;
        this.reduce = (ReduceFunction) window.reduce();
        this.aggregate = (AggregateFunction) window.aggregate();
        this.offset = grid.offsetMillis();
        this.sliceMs = gcd(grid.sizeMillis(), grid.slideMillis());
        this.maxParallelism = keys.maxParallelism();
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int partials) {
        capacity = partials;
        mask = partials * 2 - 1;
        slotKey = new Object[partials * 2];
        slotSlice = new long[partials * 2];
        slotAccumulator = new Object[partials * 2];
        slotTimestamp = new long[partials * 2];
        slotRecords = new int[partials * 2];
        used = new int[partials];
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
        try {
            return f.getClass().getMethod("open", RuntimeContext.class).getDeclaringClass() != Function.class
                    || f.getClass().getMethod("close").getDeclaringClass() != Function.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public boolean combine(Object value, long timestamp) throws Exception {
        if (bypass > 0) {
            bypass--;
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
        long slice = sliceEnd;
        int slot = slotOf(key, slice);
        Object accumulator = slotAccumulator[slot];
        if (slotKey[slot] == null) {
            slotKey[slot] = key;
            slotSlice[slot] = slice;
            slotTimestamp[slot] = timestamp;
            used[size++] = slot;
            accumulator = reduce != null ? value : aggregate.add(value, aggregate.createAccumulator());
        } else {
            accumulator = reduce != null ? reduce.reduce(accumulator, value) : aggregate.add(value, accumulator);
        }
        slotAccumulator[slot] = accumulator;
        slotRecords[slot]++;
        folded++;
        if (size == capacity && capacity < MAX_CAPACITY) {
            grow();
        }
        return true;
    }

    /** Doubles the table, keeping every partial in it. */
    private void grow() {
        Object[] keys = slotKey;
        long[] slices = slotSlice;
        Object[] accumulators = slotAccumulator;
        long[] timestamps = slotTimestamp;
        int[] records = slotRecords;
        int[] order = used;
        int n = size;
        allocate(capacity * 2);
        for (int i = 0; i < n; i++) {
            int from = order[i];
            int to = slotOf(keys[from], slices[from]);
            slotKey[to] = keys[from];
            slotSlice[to] = slices[from];
            slotAccumulator[to] = accumulators[from];
            slotTimestamp[to] = timestamps[from];
            slotRecords[to] = records[from];
            used[i] = to;
        }
    }

    /** The slot of (key, slice): the one holding it, or the free one where it goes. */
    private int slotOf(Object key, long slice) {
        int h = key.hashCode() * 0x9E3779B9 ^ (int) (slice ^ slice >>> 32) * 0x85EBCA6B;
        int slot = (h ^ h >>> 15) & mask;
        Object k;
        while ((k = slotKey[slot]) != null && !(slotSlice[slot] == slice && k.equals(key))) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    @Override
    public boolean isFull() {
        return size == MAX_CAPACITY;
    }

    @Override
    public void flush(Sender sender, int channels) {
        for (int i = 0; i < size; i++) {
            int slot = used[i];
            Object key = slotKey[slot];
            int keyGroup = KeyGroups.keyGroupFor(key, maxParallelism);
            sender.send(KeyGroups.subtaskFor(keyGroup, maxParallelism, channels),
                    new WindowPartial(key, keyGroup, slotAccumulator[slot], slotRecords[slot]), slotTimestamp[slot]);
            slotKey[slot] = null;
            slotAccumulator[slot] = null;
            slotRecords[slot] = 0;
        }
        boolean foldedWell = folded >= 2L * size;
        if (size == MAX_CAPACITY && !foldedWell) {
            bypass = nextBypass; // about as many keys as records between flushes: folding only costs
            nextBypass = Math.min(nextBypass * 2, MAX_BYPASS_RECORDS);
        } else if (size > 0 && foldedWell) {
            nextBypass = BYPASS_RECORDS;
        }
        size = 0;
        folded = 0;
    }

    /** Partials held now (for tests). */
    int size() {
        return size;
    }
}
