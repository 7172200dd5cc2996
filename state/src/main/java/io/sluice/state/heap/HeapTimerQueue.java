package io.sluice.state.heap;

import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueue;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/** Timers as objects: a priority queue by timestamp and a set that keeps them unique. */
final class HeapTimerQueue<N> implements KeyedTimerQueue<N> {

    /** One timer; equal when key, namespace and time are. */
    record Timer(long timestamp, Object key, int keyGroup, Object namespace) {
    }

    private final KeyedStateBackend backend;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    private final Set<Timer> unique = new HashSet<>();

    HeapTimerQueue(KeyedStateBackend backend) {
        this.backend = backend;
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
        return queue.isEmpty();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public long peekTimestamp() {
        return queue.element().timestamp();
    }

    @Override
    @SuppressWarnings("unchecked")
    public N poll() {
        Timer t = queue.remove();
        unique.remove(t);
        backend.setCurrentKey(t.key(), t.keyGroup());
        return (N) t.namespace();
    }

    /** Every timer, in no particular order (for snapshots). */
    Iterable<Timer> all() {
        return unique;
    }
}
