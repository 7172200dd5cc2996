package io.sluice.state.heap;

import io.sluice.api.state.ValueState;

final class HeapValueState<N, V> extends HeapState<N, V> implements ValueState<V> {

    HeapValueState(HeapKeyedStateBackend backend, StateTable<V> table, N ns) {
        super(backend, table, ns);
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
