package io.sluice.runtime.operators.broadcast;

import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReadOnlyBroadcastState;
import io.sluice.runtime.operators.opstate.FunctionStateStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broadcast states an operator was declared with ({@code broadcast(descriptors...)}), each with
 * a read-only view made once, so that asking for a state per element allocates nothing.
 */
final class BroadcastStates {

    private record Handles(BroadcastState<?, ?> state, ReadOnlyBroadcastState<?, ?> readOnly) {
    }

    private final String operator;
    private final Map<String, Handles> byName = new HashMap<>();

    BroadcastStates(String operator, List<MapStateDescriptor<?, ?>> descriptors, FunctionStateStore store) {
        this.operator = operator;
        for (MapStateDescriptor<?, ?> d : descriptors) {
            BroadcastState<?, ?> state = store.getBroadcastState(d);
            byName.put(d.name(), new Handles(state, new ReadOnlyView<>(state)));
        }
    }

    @SuppressWarnings("unchecked")
    <K, V> BroadcastState<K, V> writable(MapStateDescriptor<K, V> descriptor) {
        return (BroadcastState<K, V>) handles(descriptor).state();
    }

    @SuppressWarnings("unchecked")
    <K, V> ReadOnlyBroadcastState<K, V> readOnly(MapStateDescriptor<K, V> descriptor) {
        return (ReadOnlyBroadcastState<K, V>) handles(descriptor).readOnly();
    }

    private Handles handles(MapStateDescriptor<?, ?> descriptor) {
        Handles h = byName.get(descriptor.name());
        if (h == null) {
            throw new IllegalArgumentException("operator " + operator + " has no broadcast state '" + descriptor.name()
                    + "': its broadcast stream declares " + byName.keySet() + "; pass the descriptor to"
                    + " broadcast(...) of that stream");
        }
        return h;
    }

    /** What the element side sees: reads go through, the state cannot be changed from there. */
    private static final class ReadOnlyView<K, V> implements ReadOnlyBroadcastState<K, V> {
        private final BroadcastState<K, V> state;

        ReadOnlyView(BroadcastState<K, V> state) {
            this.state = state;
        }

        @Override
        public V get(K key) {
            return state.get(key);
        }

        @Override
        public boolean contains(K key) {
            return state.contains(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> immutableEntries() {
            return state.immutableEntries();
        }

        @Override
        public boolean isEmpty() {
            return state.isEmpty();
        }
    }
}
