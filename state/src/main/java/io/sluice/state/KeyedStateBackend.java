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
     * The record state {@code name} ({@link InternalRecordState}), created on first use; the same
     * handle on later calls. {@code contents} is the serializer of what the records hold, which
     * snapshots record as the state's type.
     */
    default InternalRecordState recordState(String name, TypeSerializer<?> contents) {
        return (InternalRecordState) getOrCreateState(
                new io.sluice.api.state.ValueStateDescriptor<>(name, new RecordSerializer(contents)), null);
    }

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
     * backend's capture copies table indexes, then copies an entry the capture holds before it
     * changes it (copy on write, once per entry and capture); the heap backend's serializes all
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

    /**
     * The keys that have at least one entry in keyed state {@code stateName} (in any namespace, any
     * map key), among this backend's key groups, each key once, in key-group order (within a key
     * group in no particular order). A copy: the caller may change the state (or the current key)
     * while going through it. Empty when no such state was created or restored, and for the name of
     * a timer queue (timers are not state). Does not change the current key. Task thread only; a
     * pass over the state's entries (the off-heap backend reads each key back from its bytes), so for
     * occasional use, not per element.
     *
     * <p>Time to live: a key whose entries have all expired is left out once the state's handle has
     * been requested in this run (that brings its time to live), although its values may not have
     * been removed yet; restored entries of a state whose handle was not requested yet are listed
     * whether expired or not (the state reads as empty for such a key once requested).
     *
     * <p>Reading restored keys needs the key serializer: declared, inferred from a key of this run
     * or adopted from the key class the snapshot recorded. When none of these is known, this fails
     * with an error saying to declare the key type.
     */
    java.util.List<Object> keys(String stateName);

    /** Number of (state, key, namespace) entries held: for metrics and tests. */
    long numEntries();

    @Override
    void close();
}
