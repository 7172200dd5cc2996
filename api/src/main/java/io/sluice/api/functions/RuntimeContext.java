package io.sluice.api.functions;

import io.sluice.api.metrics.MetricGroup;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/**
 * What a function sees of the subtask that runs it: its name and index, keyed state, and the group
 * its own metrics go in. Given to {@link Function#open}, and returned by
 * {@link AbstractRichFunction#getRuntimeContext()} (Flink's {@code RuntimeContext}).
 *
 * <p>Keyed state is scoped to the key of the element being processed; asking for it on a stream
 * that is not keyed fails with an error that names the operator.
 */
public interface RuntimeContext {

    /** The name of the operator this function belongs to. */
    String operatorName();

    /** Index of this parallel subtask, from 0. */
    int subtaskIndex();

    /** Parallelism of the operator. */
    int parallelism();

    /** The number of key groups: the upper bound for parallelism and the unit of state redistribution. */
    int maxParallelism();

    /**
     * Where the function registers counters, gauges, histograms and meters of its own, reported
     * with the operator's figures; see {@link MetricGroup}.
     */
    MetricGroup getMetricGroup();

    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);

    /** A {@code long} per key without boxing; see {@link io.sluice.api.state.LongValueState}. */
    io.sluice.api.state.LongValueState getLongState(io.sluice.api.state.LongValueStateDescriptor descriptor);
}
