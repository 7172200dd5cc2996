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
 * then the namespace, then the timestamp; its value says where it sits in the queue
 * ({@link TimerEntryLayout}). The queue is a
 * binary min-heap of (timestamp, entry address) pairs in a block of the backend's memory, so adding,
 * removing and polling cost O(log n) and nothing on the Java heap.
 *
 * <p>Entries are written once and never moved (the table's copy-on-write only moves entries whose
 * value is rewritten through {@code put}), so the heap can point at them while a snapshot runs; the
 * position field is updated in place and ignored by restores, which rebuild the heap.
 */
final class OffHeapTimerQueue<N> implements KeyedTimerQueue<N> {

    /** Value layout ({@link TimerEntryLayout}): position in the heap · key group · key-part length; native order. */
    private static final int POSITION = TimerEntryLayout.POSITION;
    private static final int KEY_GROUP = TimerEntryLayout.KEY_GROUP;
    private static final int KEY_LENGTH = TimerEntryLayout.KEY_LENGTH;
    private static final int VALUE_BYTES = TimerEntryLayout.VALUE_BYTES;
    /** Heap element: timestamp, then the entry's address. */
    private static final int ELEMENT = 16;
    private static final int INITIAL_CAPACITY = 64;

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
    private int size;

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
        long entry = table.find(scratch.address(), scratch.position(), hash);
        if (entry == 0) {
            return false;
        }
        removeAt(UnsafeApi.getInt(BytesTable.valueAddress(entry) + POSITION));
        table.remove(scratch.address(), scratch.position(), hash);
        return true;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long peekTimestamp() {
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
        long entry = UnsafeApi.getLong(heap + Long.BYTES);
        removeAt(0);
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

    /** Puts a timer at heap position {@code i} and tells its entry where it is. */
    private void set(int i, long timestamp, long entry) {
        long at = heap + (long) i * ELEMENT;
        UnsafeApi.putLong(at, timestamp);
        UnsafeApi.putLong(at + Long.BYTES, entry);
        UnsafeApi.putInt(BytesTable.valueAddress(entry) + POSITION, i);
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
