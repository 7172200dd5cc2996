package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.TimerEntryLayout;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Timers as objects: a priority queue by timestamp and a set that keeps them unique. Snapshots
 * write them as the off-heap backend's timer entries ({@link TimerEntryLayout}). Task thread only.
 */
final class HeapTimerQueue<N> implements KeyedTimerQueue<N> {

    /** One timer; equal when key, namespace and time are. */
    record Timer(long timestamp, Object key, int keyGroup, Object namespace) {
    }

    private final HeapKeyedStateBackend backend;
    private final String name;
    /** Null for timers scoped to a key only. */
    private final TypeSerializer<Object> namespaceSerializer;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    private final Set<Timer> unique = new HashSet<>();
    /** Restored timers not turned into objects yet, because the key type is not known yet. */
    private int restoredPending;

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
        Timer t = new Timer(timestamp, requireKey(), backend.currentKeyGroup(), namespace);
        if (unique.add(t)) {
            queue.add(t);
            return true;
        }
        return false;
    }

    @Override
    public boolean remove(long timestamp, N namespace) {
        Timer t = new Timer(timestamp, requireKey(), backend.currentKeyGroup(), namespace);
        if (unique.remove(t)) {
            queue.remove(t);
            return true;
        }
        return false;
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
        return queue.size() + restoredPending;
    }

    @Override
    public long peekTimestamp() {
        readRestored();
        return queue.element().timestamp();
    }

    @Override
    @SuppressWarnings("unchecked")
    public N poll() {
        readRestored();
        Timer t = queue.remove();
        unique.remove(t);
        backend.setCurrentKey(t.key(), t.keyGroup());
        return (N) t.namespace();
    }

    /** Restored timers must be objects before the earliest is known: needs the key type. */
    private void readRestored() {
        if (restoredPending > 0) {
            backend.readRestored(name);
        }
    }

    /** Every timer, in no particular order (for snapshots). */
    Iterable<Timer> all() {
        return unique;
    }

    /** Restored timers wait as bytes until the key type is known. */
    void restoredPending(int count) {
        restoredPending = count;
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
        if (unique.add(t)) {
            queue.add(t);
        }
    }
}
