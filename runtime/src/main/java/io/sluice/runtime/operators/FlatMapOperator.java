package io.sluice.runtime.operators;

import io.sluice.api.functions.FlatMapFunction;

/** Applies a {@link FlatMapFunction}; every output keeps the input's timestamp. */
public final class FlatMapOperator<I, O> extends UserFunctionOperator<I, O> {

    private final FlatMapFunction<I, O> function;
    private TimestampedCollector<O> collector;

    public FlatMapOperator(FlatMapFunction<I, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
    }

    @Override
    public void processElement(I value, long timestamp) throws Exception {
        collector.setTimestamp(timestamp);
        function.flatMap(value, collector);
    }
}
