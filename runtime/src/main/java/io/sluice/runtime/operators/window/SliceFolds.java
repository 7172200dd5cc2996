package io.sluice.runtime.operators.window;

/**
 * Accumulators per (key, slice) on the heap, for folding records before they reach the window's
 * state: an open-addressing table that starts at {@link #INITIAL_CAPACITY} entries and doubles up
 * to {@link #MAX_CAPACITY}, one hash of the key and the slice per element and no allocation. What a
 * fold is, and where the accumulators go when the table is drained, is the owner's
 * ({@link WindowCombiner} before the keyBy, {@link SlicingWindowOperator} behind it).
 *
 * <p>A full table that folded too few elements per entry is bypassed for a while ({@link FoldBypass}).
 * Task thread only.
 */
final class SliceFolds {

    /** Receives each entry when the table is drained. */
    interface Drain<E extends Exception> {
        void accept(Object key, long sliceEnd, long timestamp, Object accumulator, int elements) throws E;
    }

    /** Entries held at first; the table doubles when it fills, up to {@link #MAX_CAPACITY}. */
    static final int INITIAL_CAPACITY = 1024;
    /** Entries held before the owner must drain the table. */
    static final int MAX_CAPACITY = 1 << 16;
    /**
     * Entries from which the first element of a new slice asks for a drain: entries are per key and
     * slice, so a slice that event time has left folds little more, and draining it keeps the table
     * (and the keys and accumulators it points at) small enough for the caches.
     */
    static final int DRAIN_AT_NEW_SLICE = 4096;

    private int capacity;
    private int mask;
    private Object[] slotKey;
    private long[] slotSlice;
    private Object[] slotAccumulator;
    private long[] slotTimestamp;
    private int[] slotElements;
    /** The slots in use, in the order they were taken: drained in that order. */
    private int[] used;
    private int size;
    /** The latest slice an element was folded into. */
    private long newestSlice = Long.MIN_VALUE;
    /** Whether a new slice began with {@link #DRAIN_AT_NEW_SLICE} entries or more held. */
    private boolean drainDue;
    private final FoldBypass bypass = new FoldBypass();

    SliceFolds() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int entries) {
        capacity = entries;
        mask = entries * 2 - 1;
        slotKey = new Object[entries * 2];
        slotSlice = new long[entries * 2];
        slotAccumulator = new Object[entries * 2];
        slotTimestamp = new long[entries * 2];
        slotElements = new int[entries * 2];
        used = new int[entries];
    }

    /** Whether the next element is to be passed on unfolded (counts it as passed). */
    boolean bypassing() {
        return bypass.bypassing();
    }

    /** Folds {@code element} into the entry of ({@code key}, {@code sliceEnd}), made for it if new. */
    void add(Object key, long sliceEnd, long timestamp, Object element, Fold fold) throws Exception {
        if (sliceEnd > newestSlice) {
            drainDue = size >= DRAIN_AT_NEW_SLICE;
            newestSlice = sliceEnd;
        }
        int slot = slotOf(key, sliceEnd);
        if (slotKey[slot] == null) {
            slotKey[slot] = key;
            slotSlice[slot] = sliceEnd;
            slotTimestamp[slot] = timestamp;
            used[size++] = slot;
        }
        slotAccumulator[slot] = fold.apply(slotAccumulator[slot], element);
        slotElements[slot]++;
        bypass.folded();
        if (size == capacity && capacity < MAX_CAPACITY) {
            grow();
        }
    }

    /** Doubles the table, keeping every entry. */
    private void grow() {
        Object[] keys = slotKey;
        long[] slices = slotSlice;
        Object[] accumulators = slotAccumulator;
        long[] timestamps = slotTimestamp;
        int[] elements = slotElements;
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
            slotElements[to] = elements[from];
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

    /**
     * Whether the owner is to drain the table now: it holds {@link #MAX_CAPACITY} entries, or a new
     * slice began while it held {@link #DRAIN_AT_NEW_SLICE} or more.
     */
    boolean isFull() {
        return size == MAX_CAPACITY || drainDue;
    }

    int size() {
        return size;
    }

    /** Hands every entry to {@code drain}, in the order they were made, and forgets them. */
    <E extends Exception> void drain(Drain<E> drain) throws E {
        // a drain at a new slice judges folding as a full table's does: the entries it had were all it would get
        bypass.drained(size, size == MAX_CAPACITY || drainDue);
        drainDue = false;
        int n = size;
        for (int i = 0; i < n; i++) {
            int slot = used[i];
            Object key = slotKey[slot];
            Object accumulator = slotAccumulator[slot];
            slotKey[slot] = null;
            slotAccumulator[slot] = null;
            int elements = slotElements[slot];
            slotElements[slot] = 0;
            drain.accept(key, slotSlice[slot], slotTimestamp[slot], accumulator, elements);
        }
        size = 0;
    }
}
