package io.sluice.state;

/**
 * The event-time timers of one keyed operator, kept by the keyed state backend so they are stored
 * (off-heap on the default backend), snapshotted and restored by key group like its state. One timer
 * per (key, namespace, timestamp); timers come out earliest first. Single-threaded: the task's
 * worker thread only.
 *
 * @param <N> the namespace: the window, or {@link VoidNamespace} for timers scoped to a key only
 */
public interface KeyedTimerQueue<N> {

    /** Adds a timer at {@code timestamp} for the backend's current key; false if it exists already. */
    boolean add(long timestamp, N namespace);

    /** Removes the current key's timer at {@code timestamp}; false if there was none. */
    boolean remove(long timestamp, N namespace);

    boolean isEmpty();

    int size();

    /** The earliest timer's timestamp; only when not {@link #isEmpty}. */
    long peekTimestamp();

    /**
     * Removes the earliest timer, makes its key the backend's current key (with its key group) and
     * returns its namespace; only when not {@link #isEmpty}.
     */
    N poll();
}
