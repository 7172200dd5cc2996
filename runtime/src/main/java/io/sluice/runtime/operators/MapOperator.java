package io.sluice.runtime.operators;

import io.sluice.api.functions.MapFunction;

/** Applies a {@link MapFunction}; keeps the timestamp. */
public final class MapOperator<I, O> extends UserFunctionOperator<I, O> {

    private final MapFunction<I, O> function;

    public MapOperator(MapFunction<I, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void processElement(I value, long timestamp) throws Exception {
        output.collect(function.map(value), timestamp);
    }
}
