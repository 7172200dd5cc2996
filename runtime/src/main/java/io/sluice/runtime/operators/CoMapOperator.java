package io.sluice.runtime.operators;

import io.sluice.api.functions.CoMapFunction;

/** Applies a {@link CoMapFunction}: {@code map1} to input 1, {@code map2} to input 2. */
public final class CoMapOperator<I1, I2, O> extends UserFunctionOperator<I1, O> implements TwoInputOperator<I2> {

    private final CoMapFunction<I1, I2, O> function;

    public CoMapOperator(CoMapFunction<I1, I2, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void processElement(I1 value, long timestamp) throws Exception {
        output.collect(function.map1(value), timestamp);
    }

    @Override
    public void processElement2(I2 value, long timestamp) throws Exception {
        output.collect(function.map2(value), timestamp);
    }
}
