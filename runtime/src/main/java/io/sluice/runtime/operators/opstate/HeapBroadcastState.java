package io.sluice.runtime.operators.opstate;

import io.sluice.api.state.BroadcastState;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Broadcast state on the heap, in insertion order (so every subtask iterates it alike). */
final class HeapBroadcastState<K, V> implements BroadcastState<K, V> {

    private final String name;
    private final Map<K, V> map = new LinkedHashMap<>();

    HeapBroadcastState(String name) {
        this.name = name;
    }

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public boolean contains(K key) {
        return map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> immutableEntries() {
        return Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public void put(K key, V value) {
        map.put(Objects.requireNonNull(key, () -> "null key put into broadcast state '" + name + "'"),
                Objects.requireNonNull(value, () -> "null value put into broadcast state '" + name + "'"));
    }

    @Override
    public void putAll(Map<K, V> entries) {
        entries.forEach(this::put);
    }

    @Override
    public void remove(K key) {
        map.remove(key);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        return map.entrySet();
    }

    Map<K, V> map() {
        return map;
    }
}
