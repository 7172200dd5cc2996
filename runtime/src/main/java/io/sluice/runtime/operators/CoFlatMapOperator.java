package io.sluice.runtime.operators;

import io.sluice.api.functions.CoFlatMapFunction;

/** Applies a {@link CoFlatMapFunction}: {@code flatMap1} to input 1, {@code flatMap2} to input 2. */
public final class CoFlatMapOperator<I1, I2, O> extends UserFunctionOperator<I1, O>
        implements TwoInputOperator<I2> {

    private final CoFlatMapFunction<I1, I2, O> function;
    private TimestampedCollector<O> collector;

    public CoFlatMapOperator(CoFlatMapFunction<I1, I2, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
    }

    @Override
    public void processElement(I1 value, long timestamp) throws Exception {
        collector.setTimestamp(timestamp);
        function.flatMap1(value, collector);
    }

    @Override
    public void processElement2(I2 value, long timestamp) throws Exception {
        collector.setTimestamp(timestamp);
        function.flatMap2(value, collector);
    }
}
