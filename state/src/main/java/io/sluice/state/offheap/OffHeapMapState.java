package io.sluice.state.offheap;

import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.MapState;
import org.agrona.UnsafeApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A map per key and namespace. Each map is a table of its own, off-heap: the state's entry for
 * (key, namespace) holds the address of that table's header, so get/put/remove of one map key cost
 * one probe each, whatever the map's size. Iteration reads the map's entries into a list.
 */
final class OffHeapMapState<N, K, V> extends OffHeapState<N, V> implements MapState<K, V> {

    private final TypeSerializer<K> mapKeySerializer;
    private final BytesTable view;
    private final OffHeapDataOutput mapKey = new OffHeapDataOutput(32);
    private final OffHeapDataInput mapKeyIn = new OffHeapDataInput();

    OffHeapMapState(OffHeapKeyedStateBackend backend, String name, TypeSerializer<K> keySerializer,
                    TypeSerializer<V> valueSerializer, TypeSerializer<N> namespaceSerializer, N ns) {
        super(backend, name, Kind.MAP, valueSerializer, namespaceSerializer, ns);
        this.mapKeySerializer = keySerializer;
        this.view = new BytesTable(backend.memory());
        view.release(); // a view only: it points at each map's table in turn
    }

    /** The current map's table, or null. */
    private BytesTable map() {
        long e = entry();
        return e == 0 ? null : view.wrap(UnsafeApi.getLong(BytesTable.valueAddress(e)));
    }

    private BytesTable mapOrCreate() {
        long e = entry();
        if (e != 0) {
            return view.wrap(UnsafeApi.getLong(BytesTable.valueAddress(e)));
        }
        long header = BytesTable.create(backend.memory());
        int len = compositeKey();
        long created = table().put(keyAddress(), len, keyHash(), Long.BYTES);
        UnsafeApi.putLong(BytesTable.valueAddress(created), header);
        return view.wrap(header);
    }

    /** The entry's value is the address of its map; each map value starts with its own last-access time. */
    @Override
    boolean holdsLiveValue(long entry, long expiredAtOrBefore) {
        BytesTable m = view.wrap(UnsafeApi.getLong(BytesTable.valueAddress(entry)));
        for (int slot = 0; slot < m.capacity(); slot++) {
            long e = m.entryAt(slot);
            if (e != 0 && super.holdsLiveValue(e, expiredAtOrBefore)) {
                return true;
            }
        }
        return false;
    }

    private int serializeMapKey(K key) {
        mapKey.reset();
        try {
            mapKeySerializer.serialize(key, mapKey);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot serialize a map key of state '" + name + "' with "
                    + mapKeySerializer.typeName(), ex);
        }
        return mapKey.position();
    }

    @Override
    public V get(K key) {
        BytesTable m = map();
        if (m == null) {
            return null;
        }
        int len = serializeMapKey(key);
        long e = m.find(mapKey.address(), len, Hashing.hash(mapKey.address(), len));
        return e == 0 ? null : deserializeValue(e);
    }

    @Override
    public void put(K key, V value) {
        int len = serializeMapKey(key);
        serializeValue(value);
        BytesTable m = mapOrCreate();
        long e = m.put(mapKey.address(), len, Hashing.hash(mapKey.address(), len), valueOut.position());
        UnsafeApi.copyMemory(valueOut.address(), BytesTable.valueAddress(e), valueOut.position());
    }

    @Override
    public void putAll(Map<K, V> entries) {
        for (Map.Entry<K, V> e : entries.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(K key) {
        BytesTable m = map();
        if (m == null) {
            return;
        }
        int len = serializeMapKey(key);
        m.remove(mapKey.address(), len, Hashing.hash(mapKey.address(), len));
        if (m.size() == 0) {
            clear();
        }
    }

    @Override
    public boolean contains(K key) {
        BytesTable m = map();
        if (m == null) {
            return false;
        }
        int len = serializeMapKey(key);
        return m.find(mapKey.address(), len, Hashing.hash(mapKey.address(), len)) != 0;
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        BytesTable m = map();
        if (m == null) {
            return Collections.emptyList();
        }
        List<Map.Entry<K, V>> out = new ArrayList<>(m.size());
        try {
            m.forEach(e -> out.add(new AbstractMap.SimpleImmutableEntry<>(readKey(e), deserializeValue(e))));
        } catch (Exception ex) {
            throw ex instanceof RuntimeException r ? r : new IllegalStateException(ex);
        }
        return out;
    }

    @Override
    public Iterable<K> keys() {
        List<K> out = new ArrayList<>();
        for (Map.Entry<K, V> e : entries()) {
            out.add(e.getKey());
        }
        return out;
    }

    @Override
    public Iterable<V> values() {
        List<V> out = new ArrayList<>();
        for (Map.Entry<K, V> e : entries()) {
            out.add(e.getValue());
        }
        return out;
    }

    @Override
    public boolean isEmpty() {
        BytesTable m = map();
        return m == null || m.size() == 0;
    }

    @Override
    public void clear() {
        BytesTable m = map();
        if (m != null) {
            m.release();
            super.clear();
        }
    }

    private K readKey(long entry) throws IOException {
        return mapKeySerializer.deserialize(mapKeyIn.wrap(BytesTable.keyAddress(entry), BytesTable.keyLength(entry)));
    }
}
