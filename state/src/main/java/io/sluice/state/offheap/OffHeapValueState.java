package io.sluice.state.offheap;

import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ValueState;

/** One value per key and namespace, stored as its serialized bytes. */
final class OffHeapValueState<N, V> extends OffHeapState<N, V> implements ValueState<V> {

    OffHeapValueState(OffHeapKeyedStateBackend backend, String name, TypeSerializer<V> serializer,
                      TypeSerializer<N> namespaceSerializer, N ns) {
        super(backend, name, Kind.VALUE, serializer, namespaceSerializer, ns, true);
    }

    @Override
    public V value() {
        long e = entry();
        return e == 0 ? null : deserializeValue(e);
    }

    @Override
    public void update(V value) {
        if (value == null) {
            clear();
            return;
        }
        serializeValue(value);
        storeValueOut();
    }
}
