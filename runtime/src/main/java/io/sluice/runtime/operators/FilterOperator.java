package io.sluice.runtime.operators;

import io.sluice.api.functions.FilterFunction;

/** Keeps the records a {@link FilterFunction} accepts. */
public final class FilterOperator<T> extends UserFunctionOperator<T, T> {

    private final FilterFunction<T> function;

    public FilterOperator(FilterFunction<T> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        if (function.filter(value)) {
            output.collect(value, timestamp);
        }
    }
}
