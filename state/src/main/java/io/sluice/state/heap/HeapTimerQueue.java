package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.TimerEntryLayout;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;

/**
 * Timers as objects: an indexed binary min-heap by timestamp, in which every timer knows its own
 * position, and a hash map that keeps them unique and finds a timer by (key, namespace, time). So
 * adding, removing and polling cost O(log n): removing a timer finds it in the map and takes it out
 * of the heap at its position, with no scan of the heap. Snapshots write the timers as the off-heap
 * backend's timer entries ({@link TimerEntryLayout}). Task thread only.
 */
final class HeapTimerQueue<N> implements KeyedTimerQueue<N> {

    private static final int INITIAL_CAPACITY = 64;

    /** One timer; equal when key, namespace and time are. Its heap position is not part of it. */
    static final class Timer {
        // not final only for the queue's lookup probe; a timer in the queue never changes
        private long timestamp;
        private Object key;
        private int keyGroup;
        private Object namespace;
        /** Where it is in the heap array. */
        private int heapIndex;

        Timer(long timestamp, Object key, int keyGroup, Object namespace) {
            set(timestamp, key, keyGroup, namespace);
        }

        private Timer set(long timestamp, Object key, int keyGroup, Object namespace) {
            this.timestamp = timestamp;
            this.key = key;
            this.keyGroup = keyGroup;
            this.namespace = namespace;
            return this;
        }

        long timestamp() {
            return timestamp;
        }

        Object key() {
            return key;
        }

        int keyGroup() {
            return keyGroup;
        }

        Object namespace() {
            return namespace;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Timer t && timestamp == t.timestamp && Objects.equals(key, t.key)
                    && Objects.equals(namespace, t.namespace);
        }

        @Override
        public int hashCode() {
            return (31 * Long.hashCode(timestamp) + Objects.hashCode(key)) * 31 + Objects.hashCode(namespace);
        }

        @Override
        public String toString() {
            return "Timer[" + timestamp + ", " + key + ", " + namespace + "]";
        }
    }

    private final HeapKeyedStateBackend backend;
    private final String name;
    /** Null for timers scoped to a key only. */
    private final TypeSerializer<Object> namespaceSerializer;
    /** Every timer, by itself: finds the stored timer (and its heap position) of a (key, namespace, time). */
    private final HashMap<Timer, Timer> timers = new HashMap<>();
    /** The min-heap by timestamp: {@code heap[i].timestamp <= heap[2i+1], heap[2i+2]}; entries past {@code size} are null. */
    private Timer[] heap = new Timer[INITIAL_CAPACITY];
    private int size;
    /** Reused to look timers up, so a duplicate add or a remove allocates nothing. */
    private final Timer probe = new Timer(0, null, 0, null);
    /** Restored timers not turned into objects yet, because the key type is not known yet. */
    private int restoredPending;
    /** Timers moved by sifting, for tests that check the cost of an operation. */
    long siftMoves;

    @SuppressWarnings("unchecked")
    HeapTimerQueue(HeapKeyedStateBackend backend, String name, TypeSerializer<N> namespaceSerializer) {
        this.backend = backend;
        this.name = name;
        this.namespaceSerializer = (TypeSerializer<Object>) namespaceSerializer;
    }

    String name() {
        return name;
    }

    @Override
    public boolean add(long timestamp, N namespace) {
        Object key = requireKey();
        int keyGroup = backend.currentKeyGroup();
        boolean exists = timers.containsKey(probe.set(timestamp, key, keyGroup, namespace));
        probe.set(0, null, 0, null); // holds no key or window alive
        if (exists) {
            return false;
        }
        insert(new Timer(timestamp, key, keyGroup, namespace));
        return true;
    }

    @Override
    public boolean remove(long timestamp, N namespace) {
        Timer t = timers.remove(probe.set(timestamp, requireKey(), backend.currentKeyGroup(), namespace));
        probe.set(0, null, 0, null); // holds no key or window alive
        if (t == null) {
            return false;
        }
        removeAt(t.heapIndex);
        return true;
    }

    private Object requireKey() {
        Object key = backend.currentKey();
        if (key == null) {
            throw new IllegalStateException("a timer needs a current key: timers exist per key of a keyed stream");
        }
        return key;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int size() {
        return size + restoredPending;
    }

    @Override
    public long peekTimestamp() {
        readRestored();
        if (size == 0) {
            throw new IllegalStateException("no timers");
        }
        return heap[0].timestamp;
    }

    @Override
    @SuppressWarnings("unchecked")
    public N poll() {
        readRestored();
        if (size == 0) {
            throw new IllegalStateException("no timers");
        }
        Timer t = heap[0];
        removeAt(0);
        timers.remove(t);
        backend.setCurrentKey(t.key, t.keyGroup);
        return (N) t.namespace;
    }

    /** Restored timers must be objects before the earliest is known: needs the key type. */
    private void readRestored() {
        if (restoredPending > 0) {
            backend.readRestored(name);
        }
    }

    /** Every timer, in no particular order (for snapshots). */
    Iterable<Timer> all() {
        return timers.keySet();
    }

    /** Restored timers wait as bytes until the key type is known. */
    void restoredPending(int count) {
        restoredPending = count;
    }

    // ---- the heap ------------------------------------------------------------------------------

    private void insert(Timer t) {
        timers.put(t, t);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        siftUp(size++, t);
    }

    /** Takes the timer at {@code i} out of the heap: the last one fills its place and moves up or down. */
    private void removeAt(int i) {
        int last = --size;
        Timer moved = heap[last];
        heap[last] = null;
        if (i != last) {
            if (i > 0 && moved.timestamp < heap[(i - 1) >>> 1].timestamp) {
                siftUp(i, moved);
            } else {
                siftDown(i, moved);
            }
        }
    }

    /** Places {@code t} at {@code i} or above, moving later parents down. */
    private void siftUp(int i, Timer t) {
        Timer[] h = heap;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = h[parent];
            if (p.timestamp <= t.timestamp) {
                break;
            }
            place(p, i);
            i = parent;
        }
        place(t, i);
    }

    /** Places {@code t} at {@code i} or below, moving earlier children up. */
    private void siftDown(int i, Timer t) {
        Timer[] h = heap;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Timer c = h[child];
            int right = child + 1;
            if (right < size && h[right].timestamp < c.timestamp) {
                child = right;
                c = h[right];
            }
            if (t.timestamp <= c.timestamp) {
                break;
            }
            place(c, i);
            i = child;
        }
        place(t, i);
    }

    private void place(Timer t, int i) {
        heap[i] = t;
        t.heapIndex = i;
        siftMoves++;
    }

    /** The snapshot entry of {@code t}: key · namespace · timestamp, and its key group and key length. */
    EntryBytes encode(Timer t, TypeSerializer<Object> keySerializer, ByteScratch scratch) throws IOException {
        scratch.reset();
        keySerializer.serialize(t.key(), scratch.out());
        int keyLength = scratch.size();
        if (namespaceSerializer != null) {
            namespaceSerializer.serialize(t.namespace(), scratch.out());
        } else if (t.namespace() != VoidNamespace.INSTANCE) {
            throw new IllegalStateException("timers '" + name + "' have no namespace serializer but hold a timer in"
                    + " namespace " + t.namespace() + "; request the queue with the namespace's serializer");
        }
        scratch.out().writeLong(t.timestamp());
        return EntryBytes.of(scratch.toByteArray(), TimerEntryLayout.snapshotValue(t.keyGroup(), keyLength));
    }

    /** Adds a restored timer of {@code keyGroup}. */
    void restore(int keyGroup, EntryBytes entry, TypeSerializer<Object> keySerializer) throws IOException {
        byte[] key = entry.key();
        int keyLength = TimerEntryLayout.keyLength(entry.value());
        ByteArrayInputStream keyPart = new ByteArrayInputStream(key, 0, keyLength);
        Object k = keySerializer.deserialize(new DataInputStream(keyPart));
        HeapState.requireAllRead(keyPart, keyLength);
        Object namespace = VoidNamespace.INSTANCE;
        int namespaceLength = key.length - keyLength - Long.BYTES;
        if (namespaceSerializer != null) {
            ByteArrayInputStream ns = new ByteArrayInputStream(key, keyLength, namespaceLength);
            namespace = namespaceSerializer.deserialize(new DataInputStream(ns));
            HeapState.requireAllRead(ns, namespaceLength);
        } else if (namespaceLength != 0) {
            throw new IOException("a timer has " + namespaceLength + " namespace bytes, but the queue has no namespace"
                    + " serializer now");
        }
        Timer t = new Timer(TimerEntryLayout.timestamp(key), k, keyGroup, namespace);
        if (!timers.containsKey(t)) {
            insert(t);
        }
    }
}
