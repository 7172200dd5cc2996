package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.MapState;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.ttl.TtlValue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

final class HeapMapState<N, K, V> extends HeapState<N, HashMap<K, V>> implements MapState<K, V> {

    private final TypeSerializer<Object> mapKeySerializer;

    @SuppressWarnings("unchecked")
    HeapMapState(HeapKeyedStateBackend backend, String name, StateTable<HashMap<K, V>> table, N ns,
                 TypeSerializer<K> mapKeySerializer, TypeSerializer<V> valueSerializer,
                 TypeSerializer<N> namespaceSerializer) {
        super(backend, name, table, ns, valueSerializer, namespaceSerializer);
        this.mapKeySerializer = (TypeSerializer<Object>) mapKeySerializer;
    }

    @Override
    TableKind kind() {
        return TableKind.MAP;
    }

    /** A map's value is its entries' key and value bytes, sorted by key bytes, as off-heap snapshots write them. */
    @Override
    EntryBytes encode(byte[] key, HashMap<K, V> map, ByteScratch scratch) throws IOException {
        byte[][][] pairs = new byte[map.size()][][];
        int i = 0;
        for (Map.Entry<K, V> e : map.entrySet()) {
            scratch.reset();
            mapKeySerializer.serialize(e.getKey(), scratch.out());
            byte[] k = scratch.toByteArray();
            scratch.reset();
            valueSerializer.serialize(e.getValue(), scratch.out());
            pairs[i++] = new byte[][] {k, scratch.toByteArray()};
        }
        Arrays.sort(pairs, (a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        byte[][] flat = new byte[pairs.length * 2][];
        for (int p = 0; p < pairs.length; p++) {
            flat[2 * p] = pairs[p][0];
            flat[2 * p + 1] = pairs[p][1];
        }
        return EntryBytes.ofMap(key, flat);
    }

    @Override
    @SuppressWarnings("unchecked")
    HashMap<K, V> decode(EntryBytes entry) throws IOException {
        byte[][] m = entry.mapEntries();
        HashMap<K, V> map = new HashMap<>(Math.max(4, m.length));
        for (int i = 0; i < m.length; i += 2) {
            ByteArrayInputStream k = new ByteArrayInputStream(m[i]);
            K key = (K) mapKeySerializer.deserialize(new DataInputStream(k));
            requireAllRead(k, m[i].length);
            ByteArrayInputStream v = new ByteArrayInputStream(m[i + 1]);
            V value = (V) valueSerializer.deserialize(new DataInputStream(v));
            requireAllRead(v, m[i + 1].length);
            map.put(key, value);
        }
        return map;
    }

    @Override
    boolean holdsLiveValue(HashMap<K, V> map, long expiredAtOrBefore) {
        for (V v : map.values()) {
            if (((TtlValue<?>) v).lastAccess() > expiredAtOrBefore) {
                return true;
            }
        }
        return false;
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
