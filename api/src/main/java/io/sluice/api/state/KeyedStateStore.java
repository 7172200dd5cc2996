package io.sluice.api.state;

/**
 * Keyed state handles of one scope (Flink's {@code KeyedStateStore}): a window function's
 * {@code windowState()} (the current key and window) or {@code globalState()} (the current key,
 * across windows). A handle is scoped when it is asked for: ask again in each call.
 */
public interface KeyedStateStore {

    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);

    /** A {@code long} per key without boxing; see {@link LongValueState}. */
    LongValueState getLongState(LongValueStateDescriptor descriptor);
}
