package io.sluice.state.offheap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.state.InternalRecordState;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Records in the key-group tables under the key's bytes alone: the backend hashes the key once per
 * key, and an edit is one probe ({@link BytesTable#edit}) that copies the entry only when a snapshot
 * capture may still read it.
 */
final class OffHeapRecordState extends OffHeapState<Object, Object> implements InternalRecordState {

    /** The entry {@link #edit} opened last. */
    private long edited;
    private final UnsafeBuffer record = new UnsafeBuffer(0, 0);
    /** Where a visitor writes a replacement record; grows with the largest record. */
    private final UnsafeBuffer out = new UnsafeBuffer(0, 0);
    private java.nio.ByteBuffer scratch = java.nio.ByteBuffer.allocateDirect(256);
    private long[] removals = new long[16];
    private long[] prefetchSlots = new long[32];
    private int[] prefetchHashes = new int[32];
    /** What {@link #prefetch} read, kept so its loads are not dropped. */
    private int prefetched;
    /** Entries a walk reads ahead of its visitor, so their cache misses overlap ({@link BytesTable#gather}). */
    private static final int WALK_BATCH = 32;
    private final long[] batchEntries = new long[WALK_BATCH];
    private final int[] batchSlots = new int[WALK_BATCH];

    @SuppressWarnings({"unchecked", "rawtypes"})
    OffHeapRecordState(OffHeapKeyedStateBackend backend, String name, TypeSerializer<?> serializer) {
        super(backend, name, Kind.VALUE, (TypeSerializer) serializer, null, null);
    }

    @Override
    public int edit(UnsafeBuffer view, int minCapacity) {
        int len = compositeKey();
        long e = table().edit(keyAddress(), len, keyHash(), minCapacity);
        edited = e;
        view.wrap(BytesTable.valueAddress(e), BytesTable.valueCapacity(e));
        return BytesTable.valueLength(e);
    }

    @Override
    public void commit(int length) {
        if (length == 0) {
            clear();
        } else {
            BytesTable.setValueLength(edited, length);
        }
        edited = 0;
    }

    @Override
    public int read(UnsafeBuffer view) {
        long e = entry();
        if (e == 0) {
            return -1;
        }
        view.wrap(BytesTable.valueAddress(e), BytesTable.valueLength(e));
        return BytesTable.valueLength(e);
    }

    @Override
    public void prefetch(Object[] keys, int[] keyGroups, int count) {
        if (prefetchSlots.length < count) {
            prefetchSlots = new long[count];
            prefetchHashes = new int[count];
        }
        for (int i = 0; i < count; i++) {
            BytesTable t = existingTableOf(keyGroups[i]);
            int hash = t == null ? 0 : backend.hashOf(keys[i]);
            prefetchHashes[i] = hash;
            prefetchSlots[i] = t == null ? 0 : t.homeSlotAddress(hash);
        }
        prefetched = BytesTable.prefetch(prefetchSlots, prefetchHashes, count);
    }

    @Override
    public void forEachRecord(int keyGroup, boolean withKeys, RecordVisitor visitor) throws Exception {
        BytesTable t = tableOf(keyGroup);
        if (t == null) {
            return;
        }
        int removed = 0;
        for (int from = 0; from < t.capacity(); from += WALK_BATCH) {
            int n = t.gather(from, Math.min(from + WALK_BATCH, t.capacity()), batchEntries, batchSlots);
            for (int i = 0; i < n; i++) {
                long e = batchEntries[i];
                if (withKeys) {
                    backend.setCurrentKey(backend.readKey(name, keyGroup, BytesTable.keyAddress(e), BytesTable.keyLength(e)), keyGroup);
                }
                int length = BytesTable.valueLength(e);
                record.wrap(BytesTable.valueAddress(e), length);
                if (scratch.capacity() < length) {
                    scratch = java.nio.ByteBuffer.allocateDirect(Math.max(length, scratch.capacity() * 2));
                }
                out.wrap(scratch, 0, length);
                int result = visitor.visit(record, length, out);
                if (result == 0) {
                    if (removed == removals.length) {
                        removals = java.util.Arrays.copyOf(removals, removed * 2);
                    }
                    removals[removed++] = e; // removing now would shift later entries past the walk
                } else if (result > 0) {
                    t.rewriteAt(batchSlots[i], out.addressOffset(), result);
                }
            }
        }
        for (int i = 0; i < removed; i++) {
            long e = removals[i];
            t.remove(BytesTable.keyAddress(e), BytesTable.keyLength(e), BytesTable.hashOf(e));
        }
    }
}
