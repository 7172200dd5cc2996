package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ValueState;
import io.sluice.state.snapshot.TableKind;

final class HeapValueState<N, V> extends HeapState<N, V> implements ValueState<V> {

    HeapValueState(HeapKeyedStateBackend backend, String name, StateTable<V> table, N ns,
                   TypeSerializer<V> serializer, TypeSerializer<N> namespaceSerializer) {
        super(backend, name, table, ns, serializer, namespaceSerializer);
    }

    @Override
    TableKind kind() {
        return TableKind.VALUE;
    }

    @Override
    public V value() {
        return current();
    }

    @Override
    public void update(V value) {
        if (value == null) {
            clear();
        } else {
            setCurrent(value);
        }
    }
}
