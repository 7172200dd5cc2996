package io.sluice.runtime.operators;

import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.metrics.MetricGroup;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.KeyedStateBackend;

/** The {@link RuntimeContext} user functions see; keyed state comes from the operator's backend. */
final class TaskRuntimeContext implements RuntimeContext, io.sluice.api.state.KeyedStateStore {

    private static final TypeSerializer<Object> NO_NAMESPACE_SERIALIZER = null;

    private final OperatorContext context;

    TaskRuntimeContext(OperatorContext context) {
        this.context = context;
    }

    @Override
    public String operatorName() {
        return context.operatorName();
    }

    @Override
    public int subtaskIndex() {
        return context.subtaskIndex();
    }

    @Override
    public int parallelism() {
        return context.parallelism();
    }

    @Override
    public int maxParallelism() {
        return context.maxParallelism();
    }

    @Override
    public MetricGroup getMetricGroup() {
        return context.userMetrics().group();
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return state(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return state(descriptor);
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        return state(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return state(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return state(descriptor);
    }

    @Override
    public io.sluice.api.state.LongValueState getLongState(io.sluice.api.state.LongValueStateDescriptor descriptor) {
        return state(descriptor);
    }

    private <S extends State> S state(StateDescriptor<S, ?> descriptor) {
        KeyedStateBackend backend = context.keyedStateBackend();
        if (backend == null) {
            throw new IllegalStateException("operator " + context.describe() + " asked for keyed " + descriptor
                    + ", but its stream is not keyed; keyed state needs keyBy(...) before the operator");
        }
        return backend.getOrCreateState(descriptor, NO_NAMESPACE_SERIALIZER);
    }
}
