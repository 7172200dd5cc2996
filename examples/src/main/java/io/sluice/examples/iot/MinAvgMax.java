package io.sluice.examples.iot;

import io.sluice.api.functions.AggregateFunction;

/** Folds a window's readings into count, sum, min and max as they arrive (the window keeps no reading). */
final class MinAvgMax implements AggregateFunction<Reading, MinAvgMax.Acc, MinAvgMax.Acc> {

    private static final long serialVersionUID = 1L;

    /** The fold so far; {@code count == 0} before the first reading. */
    record Acc(long count, double sum, double min, double max) {
    }

    @Override
    public Acc createAccumulator() {
        return new Acc(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Override
    public Acc add(Reading r, Acc a) {
        return new Acc(a.count() + 1, a.sum() + r.value(), Math.min(a.min(), r.value()), Math.max(a.max(), r.value()));
    }

    @Override
    public Acc getResult(Acc a) {
        return a;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
        return new Acc(a.count() + b.count(), a.sum() + b.sum(), Math.min(a.min(), b.min()),
                Math.max(a.max(), b.max()));
    }
}
