package io.sluice.examples.classic;

import io.sluice.api.functions.AggregateFunction;

/** Counts the elements of a window: {@code count()}. */
final class CountRows<T> implements AggregateFunction<T, Long, Long> {

    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(T value, Long count) {
        return count + 1;
    }

    @Override
    public Long getResult(Long count) {
        return count;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
