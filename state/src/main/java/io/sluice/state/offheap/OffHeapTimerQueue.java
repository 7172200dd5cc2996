package io.sluice.state.offheap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.snapshot.TimerEntryLayout;
import org.agrona.UnsafeApi;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Event-time timers off the heap. Each timer is an entry of the backend's tables (one per key
 * group, so snapshots and restores carry timers like any state): its key is the serialized key,
 * then the namespace, then the timestamp; its value is {@link TimerEntryLayout}'s. The queue is a
 * binary min-heap of (timestamp, entry address) pairs in a block of the backend's memory, so adding
 * and polling cost O(log n) and nothing on the Java heap.
 *
 * <p>Removing a timer is lazy: its entry leaves its table at once (so lookups and snapshots no
 * longer see it) but stays in the heap, marked removed, until it reaches the top and is dropped
 * there, or until removed timers outnumber live ones and the heap is rebuilt without them. So a
 * removal costs one lookup and the heap's moves touch nothing but the heap: an earlier version
 * wrote each timer's heap position into its entry at every move, which at a million timers made
 * each poll some twenty cache misses in entries scattered over memory. Removed timers hold at most
 * as much memory as live ones, plus {@link #COMPACT_AT_LEAST}.
 *
 * <p>Entries are written once and never moved (the table's copy-on-write only moves entries whose
 * value is rewritten through {@code put}), so the heap can point at them while a snapshot runs; the
 * mark is written in place and ignored by snapshots and restores, which rebuild the heap.
 */
final class OffHeapTimerQueue<N> implements KeyedTimerQueue<N> {

    /** Value layout ({@link TimerEntryLayout}): queue mark · key group · key-part length; native order. */
    private static final int MARK = TimerEntryLayout.QUEUE_MARK;
    private static final int KEY_GROUP = TimerEntryLayout.KEY_GROUP;
    private static final int KEY_LENGTH = TimerEntryLayout.KEY_LENGTH;
    private static final int VALUE_BYTES = TimerEntryLayout.VALUE_BYTES;
    /** The mark of a timer taken out of its table but still in the heap. */
    private static final int REMOVED = 1;
    /** Heap element: timestamp, then the entry's address. */
    private static final int ELEMENT = 16;
    private static final int INITIAL_CAPACITY = 64;
    /** Removed timers the heap keeps before a rebuild without them is worth its pass. */
    static final int COMPACT_AT_LEAST = 1024;

    private final OffHeapKeyedStateBackend backend;
    private final String name;
    private final TypeSerializer<N> namespaceSerializer;
    private final BytesTable[] tables;
    private final KeyGroupRange range;
    private final SlabAllocator memory;
    private final OffHeapDataOutput scratch = new OffHeapDataOutput(64);
    private final OffHeapDataInput in = new OffHeapDataInput();

    private long heap;
    private int capacity;
    /** Heap elements, removed timers included. */
    private int size;
    /** Heap elements whose timer was removed. */
    private int removed;
    /** Where {@link #poll} keeps what it reads ahead, so the load is not dropped as unused. */
    private int readAhead;

    /** @param namespaceSerializer null for timers scoped to a key only ({@link VoidNamespace}) */
    OffHeapTimerQueue(OffHeapKeyedStateBackend backend, String name, TypeSerializer<N> namespaceSerializer) {
        this.backend = backend;
        this.name = name;
        this.namespaceSerializer = namespaceSerializer;
        this.tables = backend.tablesOf(name, TableKind.TIMERS);
        this.range = backend.keyGroupRange();
        this.memory = backend.memory();
        rebuild();
    }

    @Override
    public boolean add(long timestamp, N namespace) {
        int keyLength = timerKey(timestamp, namespace);
        int hash = Hashing.hash(scratch.address(), scratch.position());
        int index = backend.currentKeyGroupIndex();
        BytesTable table = tables[index];
        if (table == null) {
            table = new BytesTable(memory);
            tables[index] = table;
        }
        long entry = table.putIfAbsent(scratch.address(), scratch.position(), hash, VALUE_BYTES);
        if (entry == 0) {
            return false;
        }
        long value = BytesTable.valueAddress(entry);
        UnsafeApi.putInt(value + MARK, 0);
        UnsafeApi.putInt(value + KEY_GROUP, range.start() + index);
        UnsafeApi.putInt(value + KEY_LENGTH, keyLength);
        if (size == capacity) {
            grow();
        }
        set(size, timestamp, entry);
        siftUp(size++);
        return true;
    }

    @Override
    public boolean remove(long timestamp, N namespace) {
        timerKey(timestamp, namespace);
        BytesTable table = tables[backend.currentKeyGroupIndex()];
        if (table == null) {
            return false;
        }
        int hash = Hashing.hash(scratch.address(), scratch.position());
        long entry = table.detach(scratch.address(), scratch.position(), hash);
        if (entry == 0) {
            return false;
        }
        UnsafeApi.putInt(BytesTable.valueAddress(entry) + MARK, REMOVED);
        removed++;
        if (removed >= COMPACT_AT_LEAST && removed > size - removed) {
            compact();
        }
        return true;
    }

    @Override
    public boolean isEmpty() {
        return size == removed;
    }

    @Override
    public int size() {
        return size - removed;
    }

    @Override
    public long peekTimestamp() {
        dropRemovedAtTop();
        if (size == 0) {
            throw new IllegalStateException("no timers");
        }
        return UnsafeApi.getLong(heap);
    }

    @Override
    @SuppressWarnings("unchecked")
    public N poll() {
        // before anything is removed: a queue that cannot read its keys yet keeps its timers
        TypeSerializer<Object> keys = backend.keySerializerForRestore(name);
        dropRemovedAtTop();
        if (size == 0) {
            throw new IllegalStateException("no timers");
        }
        long entry = entryAt(0);
        removeAt(0);
        if (size > 0) {
            // start the next timer's entry on its way from memory while this one fires
            readAhead += BytesTable.touch(entryAt(0));
        }
        long value = BytesTable.valueAddress(entry);
        int keyGroup = UnsafeApi.getInt(value + KEY_GROUP);
        int keyLength = UnsafeApi.getInt(value + KEY_LENGTH);
        int length = BytesTable.keyLength(entry);
        // copy the key out first: removing the entry gives its memory back
        scratch.reset();
        scratch.writeFrom(BytesTable.keyAddress(entry), length);
        tables[keyGroup - range.start()].remove(scratch.address(), length, BytesTable.hashOf(entry));
        Object key;
        N namespace;
        try {
            key = keys.deserialize(in.wrap(scratch.address(), keyLength));
            namespace = namespaceSerializer == null ? (N) VoidNamespace.INSTANCE
                    : namespaceSerializer.deserialize(in.wrap(scratch.address() + keyLength,
                    length - keyLength - Long.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a timer of '" + name + "' back (key group " + keyGroup
                    + "); was the key or window type changed since it was stored?", e);
        }
        backend.setCurrentKey(key, keyGroup);
        return namespace;
    }

    /** Drops removed timers from the top of the heap, so the top is a live timer or the heap is empty. */
    private void dropRemovedAtTop() {
        while (removed > 0 && size > 0) {
            long entry = entryAt(0);
            if (!isRemoved(entry)) {
                return;
            }
            removeAt(0);
            freeRemoved(entry);
        }
    }

    /** Rebuilds the heap without its removed timers, giving their entries back. */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            long entry = entryAt(i);
            if (isRemoved(entry)) {
                freeRemoved(entry);
            } else {
                set(kept++, timeAt(i), entry);
            }
        }
        size = kept;
        heapify();
    }

    private static boolean isRemoved(long entry) {
        return UnsafeApi.getInt(BytesTable.valueAddress(entry) + MARK) == REMOVED;
    }

    private void freeRemoved(long entry) {
        BytesTable.freeDetached(memory, entry);
        removed--;
    }

    /**
     * Stamps the removed timers' entries {@code stamp} when the backend renumbers its snapshot
     * epochs: they are out of the tables, so the tables' restamp does not reach them.
     */
    void restampRemoved(int stamp) {
        if (removed == 0) {
            return;
        }
        for (int i = 0; i < size; i++) {
            long entry = entryAt(i);
            if (isRemoved(entry)) {
                BytesTable.restampEntry(entry, stamp);
            }
        }
    }

    /** Writes the current key's timer key into {@code scratch}; returns the length of the key part. */
    private int timerKey(long timestamp, N namespace) {
        OffHeapDataOutput key = backend.keyBytes();
        scratch.reset();
        scratch.writeFrom(key.address(), key.position());
        try {
            if (namespaceSerializer != null) {
                namespaceSerializer.serialize(namespace, scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the namespace of a timer of '" + name + "'", e);
        }
        scratch.writeLong(timestamp);
        return key.position();
    }

    /** Builds the heap from the tables, which a restore may have filled. */
    void rebuild() {
        for (int i = 0; i < size && removed > 0; i++) {
            long entry = entryAt(i);
            if (isRemoved(entry)) {
                freeRemoved(entry);
            }
        }
        size = 0;
        int entries = 0;
        for (BytesTable t : tables) {
            entries += t == null ? 0 : t.size();
        }
        ensureCapacity(Math.max(INITIAL_CAPACITY, entries));
        for (BytesTable t : tables) {
            if (t == null) {
                continue;
            }
            for (int slot = 0; slot < t.capacity(); slot++) {
                long entry = t.entryAt(slot);
                if (entry != 0) {
                    set(size++, timestampOf(entry), entry);
                }
            }
        }
        heapify();
    }

    private void heapify() {
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private static long timestampOf(long entry) {
        return OffHeapDataInput.readLong(BytesTable.keyAddress(entry) + BytesTable.keyLength(entry) - Long.BYTES);
    }

    private long timeAt(int i) {
        return UnsafeApi.getLong(heap + (long) i * ELEMENT);
    }

    private long entryAt(int i) {
        return UnsafeApi.getLong(heap + (long) i * ELEMENT + Long.BYTES);
    }

    /** Puts a timer at heap position {@code i}; nothing outside the heap is touched. */
    private void set(int i, long timestamp, long entry) {
        long at = heap + (long) i * ELEMENT;
        UnsafeApi.putLong(at, timestamp);
        UnsafeApi.putLong(at + Long.BYTES, entry);
    }

    private void removeAt(int i) {
        int last = --size;
        if (i != last) {
            set(i, timeAt(last), entryAt(last));
            if (i > 0 && timeAt(i) < timeAt((i - 1) >>> 1)) {
                siftUp(i);
            } else {
                siftDown(i);
            }
        }
    }

    private void siftUp(int i) {
        long time = timeAt(i);
        long entry = entryAt(i);
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long parentTime = timeAt(parent);
            if (parentTime <= time) {
                break;
            }
            set(i, parentTime, entryAt(parent));
            i = parent;
        }
        set(i, time, entry);
    }

    private void siftDown(int i) {
        long time = timeAt(i);
        long entry = entryAt(i);
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long childTime = timeAt(child);
            int right = child + 1;
            if (right < size && timeAt(right) < childTime) {
                child = right;
                childTime = timeAt(right);
            }
            if (time <= childTime) {
                break;
            }
            set(i, childTime, entryAt(child));
            i = child;
        }
        set(i, time, entry);
    }

    private void grow() {
        if (capacity >= Integer.MAX_VALUE / ELEMENT / 2) {
            throw new IllegalStateException("more than " + capacity + " event-time timers in '" + name
                    + "' of one subtask; raise the parallelism");
        }
        ensureCapacity(capacity * 2);
    }

    private void ensureCapacity(int wanted) {
        if (wanted <= capacity) {
            return;
        }
        long bigger = memory.allocate(wanted * ELEMENT);
        if (heap != 0) {
            UnsafeApi.copyMemory(heap, bigger, (long) size * ELEMENT);
            memory.free(heap);
        }
        heap = bigger;
        capacity = wanted;
    }
}
