package io.sluice.state.heap;

import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ReducingState;
import io.sluice.state.StateFunctionException;
import io.sluice.state.snapshot.TableKind;

final class HeapReducingState<N, V> extends HeapState<N, V> implements ReducingState<V> {

    private final ReduceFunction<V> reducer;

    HeapReducingState(HeapKeyedStateBackend backend, String name, StateTable<V> table, N ns,
                      TypeSerializer<V> serializer, TypeSerializer<N> namespaceSerializer, ReduceFunction<V> reducer) {
        super(backend, name, table, ns, serializer, namespaceSerializer);
        this.reducer = reducer;
    }

    @Override
    TableKind kind() {
        return TableKind.REDUCING;
    }

    @Override
    public V get() {
        return current();
    }

    @Override
    public void add(V value) {
        V old = current();
        V next = old == null ? value : reduce(old, value);
        if (next != old) { // a reducer that updated the stored object in place needs no second lookup
            setCurrent(next);
        }
    }

    private V reduce(V a, V b) {
        try {
            return reducer.reduce(a, b);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StateFunctionException(e);
        }
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) {
        V merged = at(target);
        for (N source : sources) {
            if (source.equals(target)) {
                continue;
            }
            V v = removeAt(source);
            if (v != null) {
                merged = merged == null ? v : reduce(merged, v);
            }
        }
        if (merged != null) {
            setAt(target, merged);
        }
    }
}
