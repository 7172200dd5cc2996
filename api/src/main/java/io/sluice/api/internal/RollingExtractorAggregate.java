package io.sluice.api.internal;

import io.sluice.api.KeyedValue;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.DoubleExtractor;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;


/** {@code keyBy(..).sum(extractor)} and friends: a running sum, minimum or maximum per key. */
public final class RollingExtractorAggregate<K, T> extends KeyedProcessFunction<K, T, KeyedValue<K, Double>> {

    /** Which fold. */
    public enum Kind { SUM, MIN, MAX }

    private final Kind kind;
    private final DoubleExtractor<T> extractor;
    private transient ValueState<Double> current;

    public RollingExtractorAggregate(Kind kind, DoubleExtractor<T> extractor) {
        this.kind = kind;
        this.extractor = extractor;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        FunctionLifecycle.open(extractor, context);
        current = context.getState(new ValueStateDescriptor<>("rolling-" + kind.name().toLowerCase(), Serializers.DOUBLE));
    }

    @Override
    public void close() throws Exception {
        extractor.close();
    }

    @Override
    public void processElement(T value, Context ctx, Collector<KeyedValue<K, Double>> out) throws Exception {
        double v = extractor.extract(value);
        Double previous = current.value();
        double next;
        if (previous == null) {
            next = v;
        } else if (kind == Kind.SUM) {
            next = previous + v;
        } else if (kind == Kind.MIN) {
            next = Math.min(previous, v);
        } else {
            next = Math.max(previous, v);
        }
        current.update(next);
        out.collect(new KeyedValue<>(ctx.getCurrentKey(), next));
    }
}
