package io.sluice.state.offheap;

import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ReducingState;

import io.sluice.state.StateFunctionException;

/** A running reduction per key and namespace: read, reduce, write back, all through bytes. */
final class OffHeapReducingState<N, V> extends OffHeapState<N, V> implements ReducingState<V> {

    private final ReduceFunction<V> reduce;

    OffHeapReducingState(OffHeapKeyedStateBackend backend, String name, TypeSerializer<V> serializer,
                         TypeSerializer<N> namespaceSerializer, N ns, ReduceFunction<V> reduce) {
        super(backend, name, Kind.REDUCING, serializer, namespaceSerializer, ns, true);
        this.reduce = reduce;
    }

    @Override
    public V get() {
        long e = entry();
        return e == 0 ? null : deserializeValue(e);
    }

    @Override
    public void add(V value) {
        long e = entry();
        V next = e == 0 ? value : reduce(deserializeValue(e), value);
        if (next == null) {
            clear();
            return;
        }
        serializeValue(next);
        storeValueOut();
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) throws Exception {
        N original = currentNamespace();
        V merged = null;
        for (N source : sources) {
            setCurrentNamespace(source);
            V v = get();
            if (v != null) {
                clear();
                merged = merged == null ? v : reduce(merged, v);
            }
        }
        if (merged != null) {
            setCurrentNamespace(target);
            add(merged);
        }
        setCurrentNamespace(original);
    }

    private V reduce(V a, V b) {
        try {
            return reduce.reduce(a, b);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StateFunctionException(e);
        }
    }
}
