package io.sluice.state;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;

/**
 * The keyed state of one operator in one subtask. The operator sets the current key before each
 * element or timer; every state handle then reads and writes that key's entry. Called only from the
 * task's worker thread (single writer), so it takes no locks.
 */
public interface KeyedStateBackend extends AutoCloseable {

    /** Scopes all state handles to {@code key}, which belongs to {@code keyGroup}. */
    void setCurrentKey(Object key, int keyGroup);

    Object currentKey();

    int currentKeyGroup();

    KeyGroupRange keyGroupRange();

    /**
     * The handle for {@code descriptor}, created on first use; the same handle on later calls. The
     * handle implements both {@code S} and {@link InternalKvState}.
     */
    <N, S extends State> S getOrCreateState(StateDescriptor<S, ?> descriptor, TypeSerializer<N> namespaceSerializer);

    /**
     * The event-time timer queue {@code name}, created on first use; the same queue on later calls.
     *
     * @param namespaceSerializer the timers' namespace (window) serializer, or null for timers scoped to a key only
     */
    <N> KeyedTimerQueue<N> timerQueue(String name, TypeSerializer<N> namespaceSerializer);

    /**
     * Captures every key group of this backend (state and timers) for a snapshot; task thread only.
     * The returned capture is written later, on any thread, while the task keeps processing. Both
     * backends write the same format, so a snapshot of one restores into the other. The off-heap
     * backend's capture copies table indexes (copy on write); the heap backend's serializes all
     * state here, so its pause grows with the state's size.
     */
    KeyedStateSnapshot snapshot();

    /**
     * Loads the key groups of this backend's range found in {@code files} (snapshots of any
     * parallelism, of either backend); the others are skipped. All files are checked first: a
     * corrupt one is refused with an error naming it ({@code CorruptSnapshotException}) and nothing
     * is loaded. The key and value types the files record are checked against the key serializer
     * and the handles that exist (an {@link IllegalStateException} naming the state and both types,
     * again before anything is loaded; handles created later are checked when created), and
     * serializers inferring an undeclared type adopt the recorded class, so restored state and
     * timers can be read before the first element. Before processing, on an empty backend.
     */
    void restore(java.util.List<java.nio.file.Path> files) throws java.io.IOException;

    /** The processing-time clock state time-to-live is measured with (the task's clock in a job). */
    void setTtlClock(java.util.function.LongSupplier clock);

    /** Number of (state, key, namespace) entries held: for metrics and tests. */
    long numEntries();

    @Override
    void close();
}
