package io.sluice.state.heap;

import io.sluice.api.state.MapState;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

final class HeapMapState<N, K, V> extends HeapState<N, HashMap<K, V>> implements MapState<K, V> {

    HeapMapState(HeapKeyedStateBackend backend, StateTable<HashMap<K, V>> table, N ns) {
        super(backend, table, ns);
    }

    @Override
    public V get(K key) {
        HashMap<K, V> map = current();
        return map == null ? null : map.get(key);
    }

    @Override
    public void put(K key, V value) {
        HashMap<K, V> map = current();
        if (map == null) {
            map = new HashMap<>();
            setCurrent(map);
        }
        map.put(key, value);
    }

    @Override
    public void putAll(Map<K, V> entries) {
        for (Map.Entry<K, V> e : entries.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(K key) {
        HashMap<K, V> map = current();
        if (map != null) {
            map.remove(key);
            if (map.isEmpty()) {
                clear();
            }
        }
    }

    @Override
    public boolean contains(K key) {
        HashMap<K, V> map = current();
        return map != null && map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        HashMap<K, V> map = current();
        return map == null ? Collections.emptyList() : map.entrySet();
    }

    @Override
    public Iterable<K> keys() {
        HashMap<K, V> map = current();
        return map == null ? Collections.emptyList() : map.keySet();
    }

    @Override
    public Iterable<V> values() {
        HashMap<K, V> map = current();
        return map == null ? Collections.emptyList() : map.values();
    }

    @Override
    public boolean isEmpty() {
        HashMap<K, V> map = current();
        return map == null || map.isEmpty();
    }
}
