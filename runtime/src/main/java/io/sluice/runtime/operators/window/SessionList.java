package io.sluice.runtime.operators.window;

import java.util.Arrays;

/**
 * One key's sessions on the heap as (start, end, accumulator), merged by the session rule: a new
 * session or element joins every session its {@code [start, end)} overlaps or touches, and those it
 * bridges become one. Kept in time order: sessions never touch, so their starts and their ends both
 * increase, a binary search finds the sessions a new one touches (a run of neighbours), and
 * accumulators merge earliest first. {@link #clear} keeps the arrays, for a list that is reused.
 * Task thread only.
 */
final class SessionList {

    /** Combines the accumulators of two sessions that merge, the earlier one first. */
    interface Combine {
        Object apply(Object a, Object b) throws Exception;
    }

    private long[] start = new long[4];
    private long[] end = new long[4];
    private Object[] accumulator = new Object[4];
    private int size;

    int size() {
        return size;
    }

    long start(int i) {
        return start[i];
    }

    long end(int i) {
        return end[i];
    }

    Object accumulator(int i) {
        return accumulator[i];
    }

    /** The earliest end of the sessions (the first's), {@link Long#MAX_VALUE} for none. */
    long earliestEnd() {
        return size == 0 ? Long.MAX_VALUE : end[0];
    }

    /** Whether some session overlaps or touches {@code [from, to)}. */
    boolean touches(long from, long to) {
        int first = firstEndingAtOrAfter(from);
        return first < size && start[first] <= to;
    }

    // Reads ahead, for a caller that overlaps the cache misses of many lists (SessionFolds): the
    // results mean nothing, the reads are the point.

    /** Reads the arrays' headers. */
    int readArraysAhead() {
        return start.length + end.length + accumulator.length;
    }

    /** Reads the accumulator an element at {@code from} would fold into. */
    int readAccumulatorAhead(long from) {
        int i = firstEndingAtOrAfter(from);
        return i < size ? classBit(accumulator[i]) : 0;
    }

    /** Reads every accumulator. */
    int readAccumulatorsAhead() {
        int sink = 0;
        for (int i = 0; i < size; i++) {
            sink += classBit(accumulator[i]);
        }
        return sink;
    }

    private static int classBit(Object o) {
        return o != null && o.getClass() == SessionList.class ? 1 : 0;
    }

    /** The first session whose end is at or after {@code time}; {@link #size} if none. */
    private int firstEndingAtOrAfter(long time) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (end[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Adds an element whose own session is {@code [from, to)}: folded into the session it joins, or a new one. */
    void addElement(long from, long to, Object element, Fold fold, Combine combine) throws Exception {
        int into = join(from, to, combine);
        accumulator[into] = fold.apply(accumulator[into], element);
    }

    /** Adds the session {@code [from, to)} with its accumulator: combined into the session it joins, or a new one. */
    void addSession(long from, long to, Object sessionAccumulator, Combine combine) throws Exception {
        int into = join(from, to, combine);
        Object acc = accumulator[into];
        accumulator[into] = acc == null ? sessionAccumulator : combine.apply(acc, sessionAccumulator);
    }

    /**
     * The index of the session {@code [from, to)} joins, stretched to cover it, after merging into it
     * every other session it bridges; a new session with a null accumulator if it joins none.
     */
    private int join(long from, long to, Combine combine) throws Exception {
        int first = firstEndingAtOrAfter(from); // sessions before it end before from
        int last = first; // the touched run is [first, last): they start by to
        while (last < size && start[last] <= to) {
            last++;
        }
        if (first == last) {
            insertAt(first, from, to);
            return first;
        }
        for (int i = first + 1; i < last; i++) { // the sessions it bridges, earliest first
            accumulator[first] = combine.apply(accumulator[first], accumulator[i]);
        }
        start[first] = Math.min(start[first], from);
        end[first] = Math.max(end[last - 1], to);
        removeRange(first + 1, last);
        return first;
    }

    private void insertAt(int i, long from, long to) {
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            end = Arrays.copyOf(end, size * 2);
            accumulator = Arrays.copyOf(accumulator, size * 2);
        }
        int tail = size - i;
        System.arraycopy(start, i, start, i + 1, tail);
        System.arraycopy(end, i, end, i + 1, tail);
        System.arraycopy(accumulator, i, accumulator, i + 1, tail);
        start[i] = from;
        end[i] = to;
        accumulator[i] = null;
        size++;
    }

    /** Removes the sessions {@code [from, to)}. */
    private void removeRange(int from, int to) {
        if (from == to) {
            return;
        }
        int tail = size - to;
        System.arraycopy(start, to, start, from, tail);
        System.arraycopy(end, to, end, from, tail);
        System.arraycopy(accumulator, to, accumulator, from, tail);
        int newSize = size - (to - from);
        Arrays.fill(accumulator, newSize, size, null);
        size = newSize;
    }

    /** Forgets every session, keeping the arrays. */
    void clear() {
        Arrays.fill(accumulator, 0, size, null);
        size = 0;
    }
}
