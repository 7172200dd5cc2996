package io.sluice.state;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Key-only keyed state kept as one byte record per key, which its operator lays out and edits in
 * place: one hash probe per access and no (de)serialization of a whole value, for operators whose
 * per-key state is a small structure of their own (the window operator's slices). Obtained with
 * {@link KeyedStateBackend#recordState}. Snapshots hold each record's bytes as they are, so both
 * backends restore each other's records and records move with their key groups when rescaling; an
 * edit never changes what a snapshot taken before it reads. Task thread only.
 */
public interface InternalRecordState {

    /**
     * Opens the current key's record for change: {@code view} wraps it with room for at least
     * {@code minCapacity} bytes (its capacity may be larger), a new record empty.
     *
     * @return the record's length so far, 0 for a new one; commit the new length with {@link #commit}
     */
    int edit(UnsafeBuffer view, int minCapacity);

    /** Sets the length of the record {@link #edit} opened last (within the room it gave); 0 removes it. */
    void commit(int length);

    /** The current key's record wrapped read-only in {@code view}: its length, or -1 when the key has none. */
    int read(UnsafeBuffer view);

    /**
     * A hint, changing nothing: reads ahead what edits of the records of {@code keys[0, count)} (of
     * key groups {@code keyGroups}, this backend's) will read, all of them at once, so the cache
     * misses of a batch of keys overlap instead of coming one edit at a time. Pays where records
     * outgrow the cache (a million keys); backends that keep records on the heap ignore it.
     */
    default void prefetch(Object[] keys, int[] keyGroups, int count) {
    }

    /**
     * Calls {@code visitor} once for each record of {@code keyGroup} (one of this backend's), in no
     * particular order, applying what it returns. The visitor must not touch this state otherwise.
     *
     * @param withKeys make each record's key the backend's current key before its visit (read back
     *                 from its bytes on the off-heap backend), so the visitor may use other keyed state
     */
    void forEachRecord(int keyGroup, boolean withKeys, RecordVisitor visitor) throws Exception;

    /** Sees one record during {@link #forEachRecord}. */
    @FunctionalInterface
    interface RecordVisitor {

        /** Return value: leave the record as it is. */
        int KEEP = -1;

        /**
         * @param record the record's bytes, {@code length} of them
         * @param out    room for a replacement of at most {@code length} bytes
         * @return {@link #KEEP}, 0 to remove the record, or the length of the replacement written to {@code out}
         */
        int visit(DirectBuffer record, int length, UnsafeBuffer out) throws Exception;
    }
}
