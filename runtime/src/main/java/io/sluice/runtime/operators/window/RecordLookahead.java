package io.sluice.runtime.operators.window;

import io.sluice.state.InternalRecordState;

/**
 * Elements held back a few at a time, so that the records they update are read for all of them at
 * once ({@link InternalRecordState#prefetch}) before they are applied one by one. At a million keys
 * each element's record costs two cache misses (index slot, then entry) that would otherwise come
 * strictly in turn; read together, a batch's misses overlap. For the elements a window's heap folds
 * pass on ({@link FoldBypass}), where keys rarely repeat. Like the folds, it is applied before every
 * watermark and checkpoint, so nothing it holds is ever missing from what a timer or snapshot reads.
 * Task thread only.
 */
final class RecordLookahead {

    /** Elements held before they are applied: enough misses in flight to hide most of their latency. */
    static final int SIZE = 16;

    /** Applies one held element. */
    @FunctionalInterface
    interface Apply {
        void accept(Object key, int keyGroup, Object element, long timestamp) throws Exception;
    }

    private final Object[] keys = new Object[SIZE];
    private final int[] keyGroups = new int[SIZE];
    private final Object[] elements = new Object[SIZE];
    private final long[] timestamps = new long[SIZE];
    private int count;

    /** Holds an element of {@code key} (not null) in {@code keyGroup}; true when the batch is full and is to be applied. */
    boolean add(Object key, int keyGroup, Object element, long timestamp) {
        keys[count] = key;
        keyGroups[count] = keyGroup;
        elements[count] = element;
        timestamps[count] = timestamp;
        return ++count == SIZE;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Reads ahead the records of every held element, then hands each to {@code apply} in the order they came. */
    void apply(InternalRecordState records, Apply apply) throws Exception {
        int n = count;
        count = 0; // nothing is applied twice, even when one throws
        records.prefetch(keys, keyGroups, n);
        try {
            for (int i = 0; i < n; i++) {
                apply.accept(keys[i], keyGroups[i], elements[i], timestamps[i]);
            }
        } finally {
            java.util.Arrays.fill(keys, 0, n, null); // hold no element past its turn
            java.util.Arrays.fill(elements, 0, n, null);
        }
    }
}
