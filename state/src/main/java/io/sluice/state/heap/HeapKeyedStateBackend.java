package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateErrors;
import io.sluice.state.ttl.TtlStates;
import io.sluice.state.VoidNamespace;

import java.util.HashMap;
import java.util.Map;

/**
 * Keyed state as Java objects on the heap: fast until the heap and the garbage collector become
 * the limit. Values are stored by reference (never copied): what is put in must not be changed
 * afterwards. Single-threaded: the task's worker thread only.
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {

    private final KeyedBackendParameters parameters;
    private final TtlStates ttl = new TtlStates();
    private final Map<String, Registered> states = new HashMap<>();
    private Object currentKey;
    private int currentKeyGroup = -1;

    private record Registered(StateDescriptor<?, ?> descriptor, HeapState<?, ?> state, StateTable<?> table) {
    }

    public HeapKeyedStateBackend(KeyedBackendParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        this.currentKey = key;
        this.currentKeyGroup = keyGroup;
    }

    @Override
    public Object currentKey() {
        return currentKey;
    }

    @Override
    public int currentKeyGroup() {
        return currentKeyGroup;
    }

    Object requireCurrentKey() {
        if (currentKey == null) {
            throw StateErrors.noCurrentKey(parameters.operatorName());
        }
        return currentKey;
    }

    @Override
    public void setTtlClock(java.util.function.LongSupplier clock) {
        ttl.setClock(clock);
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return parameters.keyGroupRange();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <N, S extends State> S getOrCreateState(StateDescriptor<S, ?> descriptor,
                                                   TypeSerializer<N> namespaceSerializer) {
        if (descriptor.ttlConfig() != null) {
            return ttl.getOrCreate(descriptor, inner -> getOrCreateState((StateDescriptor) inner, namespaceSerializer));
        }
        Registered existing = states.get(descriptor.name());
        if (existing != null) {
            StateErrors.requireSameKind(existing.descriptor, descriptor, parameters.operatorName());
            return (S) existing.state;
        }
        StateTable table = new StateTable<>(parameters.keyGroupRange());
        Object ns = VoidNamespace.INSTANCE;
        HeapState<?, ?> state;
        switch (descriptor.kind()) {
            case VALUE:
                state = new HeapValueState(this, table, ns);
                break;
            case LIST:
                state = new HeapListState(this, table, ns);
                break;
            case MAP:
                state = new HeapMapState(this, table, ns);
                break;
            case REDUCING:
                state = new HeapReducingState(this, table, ns, ((ReducingStateDescriptor) descriptor).reduceFunction());
                break;
            case AGGREGATING:
                state = new HeapAggregatingState(this, table, ns,
                        ((AggregatingStateDescriptor) descriptor).aggregateFunction());
                break;
            default:
                throw new IllegalStateException("unknown state kind " + descriptor.kind());
        }
        states.put(descriptor.name(), new Registered(descriptor, state, table));
        return (S) state;
    }

    @Override
    public long numEntries() {
        long n = 0;
        for (Registered r : states.values()) {
            n += r.table.size();
        }
        return n;
    }

    @Override
    public void close() {
        states.clear();
    }
}
