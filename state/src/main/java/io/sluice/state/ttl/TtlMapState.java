package io.sluice.state.ttl;

import io.sluice.api.state.MapState;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Each map entry expires on its own; touching an expired entry removes it. */
final class TtlMapState<N, K, V> extends TtlState<N> implements MapState<K, V> {

    private final MapState<K, TtlValue<V>> map;

    @SuppressWarnings("unchecked")
    TtlMapState(Object inner, TtlClock clock) {
        super(inner, clock);
        this.map = (MapState<K, TtlValue<V>>) inner;
    }

    @Override
    public V get(K key) {
        clock.cleanupStep();
        TtlValue<V> v = map.get(key);
        if (v == null) {
            return null;
        }
        if (clock.expired(v)) {
            map.remove(key);
            return null;
        }
        if (clock.renewOnRead()) {
            map.put(key, clock.stamp(v.value()));
        }
        return v.value();
    }

    @Override
    public void put(K key, V value) {
        clock.cleanupStep();
        map.put(key, clock.stamp(value));
    }

    @Override
    public void putAll(Map<K, V> entries) {
        clock.cleanupStep();
        for (Map.Entry<K, V> e : entries.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(K key) {
        clock.cleanupStep();
        map.remove(key);
    }

    @Override
    public boolean contains(K key) {
        clock.cleanupStep();
        return get(key) != null;
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        clock.cleanupStep();
        List<Map.Entry<K, V>> live = new ArrayList<>();
        List<K> expired = new ArrayList<>();
        for (Map.Entry<K, TtlValue<V>> e : map.entries()) {
            if (clock.expired(e.getValue())) {
                expired.add(e.getKey());
            } else {
                live.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue().value()));
            }
        }
        for (K k : expired) {
            map.remove(k);
        }
        if (clock.renewOnRead()) {
            for (Map.Entry<K, V> e : live) {
                map.put(e.getKey(), clock.stamp(e.getValue()));
            }
        }
        return live;
    }

    @Override
    public Iterable<K> keys() {
        clock.cleanupStep();
        List<K> out = new ArrayList<>();
        entries().forEach(e -> out.add(e.getKey()));
        return out;
    }

    @Override
    public Iterable<V> values() {
        clock.cleanupStep();
        List<V> out = new ArrayList<>();
        entries().forEach(e -> out.add(e.getValue()));
        return out;
    }

    @Override
    public boolean isEmpty() {
        clock.cleanupStep();
        return !entries().iterator().hasNext();
    }
}
