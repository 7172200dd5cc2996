package io.sluice.api.state;

import java.util.Map;

/**
 * Broadcast state as the element side of a broadcast function sees it (Flink's
 * {@code ReadOnlyBroadcastState}): every subtask holds the same map, and only the broadcast side
 * may change it, so that all subtasks stay alike.
 */
public interface ReadOnlyBroadcastState<K, V> {

    /** The value of {@code key}, or null. */
    V get(K key);

    boolean contains(K key);

    /** The entries, unmodifiable. */
    Iterable<Map.Entry<K, V>> immutableEntries();

    boolean isEmpty();
}
