package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.StateDescriptor;
import io.sluice.state.AbstractKeyedStateBackend;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.StateErrors;
import io.sluice.state.VoidNamespace;


/**
 * Keyed state as Java objects on the heap: fast until the heap and the garbage collector become
 * the limit. Values are stored by reference (never copied): what is put in must not be changed
 * afterwards. Single-threaded: the task's worker thread only.
 */
public final class HeapKeyedStateBackend extends AbstractKeyedStateBackend<HeapState<?, ?>> {

    public HeapKeyedStateBackend(KeyedBackendParameters parameters) {
        super(parameters);
    }

    Object requireCurrentKey() {
        if (currentKey == null) {
            throw StateErrors.noCurrentKey(parameters.operatorName());
        }
        return currentKey;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected HeapState<?, ?> createState(StateDescriptor<?, ?> descriptor, TypeSerializer<?> namespaceSerializer) {
        StateTable table = new StateTable<>(parameters.keyGroupRange());
        Object ns = VoidNamespace.INSTANCE;
        return switch (descriptor.kind()) {
            case VALUE -> new HeapValueState(this, table, ns);
            case LIST -> new HeapListState(this, table, ns);
            case MAP -> new HeapMapState(this, table, ns);
            case REDUCING -> new HeapReducingState(this, table, ns,
                    ((ReducingStateDescriptor) descriptor).reduceFunction());
            case AGGREGATING -> new HeapAggregatingState(this, table, ns,
                    ((AggregatingStateDescriptor) descriptor).aggregateFunction());
        };
    }

    @Override
    public KeyedStateSnapshot snapshot() {
        throw new UnsupportedOperationException("snapshots of the heap state backend are not supported yet;"
                + " use state.backend=offheap");
    }

    @Override
    public void restore(java.util.List<java.nio.file.Path> files) {
        throw new UnsupportedOperationException("restoring the heap state backend is not supported yet;"
                + " use state.backend=offheap");
    }

    @Override
    protected <N> KeyedTimerQueue<N> createTimerQueue(String name, TypeSerializer<N> namespaceSerializer) {
        return new HeapTimerQueue<>(this);
    }

    @Override
    public long numEntries() {
        long n = 0;
        for (HeapState<?, ?> state : handles()) {
            n += state.table.size();
        }
        return n;
    }

    @Override
    public void close() {
        forgetStates();
    }
}
