package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ListState;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.ListValueLayout;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.ttl.TtlValue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

final class HeapListState<N, V> extends HeapState<N, ArrayList<V>> implements ListState<V> {

    HeapListState(HeapKeyedStateBackend backend, String name, StateTable<ArrayList<V>> table, N ns,
                  TypeSerializer<V> elementSerializer, TypeSerializer<N> namespaceSerializer) {
        super(backend, name, table, ns, elementSerializer, namespaceSerializer);
    }

    @Override
    TableKind kind() {
        return TableKind.LIST;
    }

    /** A list's value is its elements' bytes one after the other, as off-heap. */
    @Override
    EntryBytes encode(byte[] key, ArrayList<V> list, ByteScratch scratch) throws IOException {
        scratch.reset();
        ListValueLayout.write(list, valueSerializer, scratch.out());
        return EntryBytes.of(key, scratch.toByteArray());
    }

    @Override
    @SuppressWarnings("unchecked")
    ArrayList<V> decode(EntryBytes entry) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(entry.value());
        ArrayList<Object> list = new ArrayList<>();
        ListValueLayout.read(new DataInputStream(bytes), bytes::available, valueSerializer, list);
        return (ArrayList<V>) list;
    }

    @Override
    boolean holdsLiveValue(ArrayList<V> elements, long expiredAtOrBefore) {
        for (V e : elements) {
            if (((TtlValue<?>) e).lastAccess() > expiredAtOrBefore) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Iterable<V> get() {
        ArrayList<V> list = current();
        return list == null ? Collections.emptyList() : list;
    }

    @Override
    public void add(V value) {
        Objects.requireNonNull(value, "list state does not hold null elements");
        ArrayList<V> list = current();
        if (list == null) {
            list = new ArrayList<>();
            setCurrent(list);
        }
        list.add(value);
    }

    @Override
    public void addAll(List<V> values) {
        for (V v : values) {
            add(v);
        }
    }

    @Override
    public void update(List<V> values) {
        clear();
        addAll(values);
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) {
        ArrayList<V> merged = at(target);
        for (N source : sources) {
            if (source.equals(target)) {
                continue;
            }
            ArrayList<V> list = removeAt(source);
            if (list != null) {
                if (merged == null) {
                    merged = new ArrayList<>();
                    setAt(target, merged);
                }
                merged.addAll(list);
            }
        }
    }
}
