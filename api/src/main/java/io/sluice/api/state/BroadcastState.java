package io.sluice.api.state;

import java.util.Map;

/**
 * A map every subtask of an operator holds in full (Flink's {@code BroadcastState}), kept in
 * checkpoints and given whole to every subtask on a restore at any parallelism. It is changed on
 * the broadcast side of a broadcast function, which sees the same elements in every subtask, so
 * every copy stays the same; change it only from what those elements say.
 */
public interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {

    void put(K key, V value);

    void putAll(Map<K, V> map);

    void remove(K key);

    void clear();

    /** The entries; removing through the iterator removes from the state. */
    Iterable<Map.Entry<K, V>> entries();
}
