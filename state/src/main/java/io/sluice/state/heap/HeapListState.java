package io.sluice.state.heap;

import io.sluice.api.state.ListState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

final class HeapListState<N, V> extends HeapState<N, ArrayList<V>> implements ListState<V> {

    HeapListState(HeapKeyedStateBackend backend, StateTable<ArrayList<V>> table, N ns) {
        super(backend, table, ns);
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
