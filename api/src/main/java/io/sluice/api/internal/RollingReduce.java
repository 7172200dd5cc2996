package io.sluice.api.internal;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/** {@code keyBy(..).reduce(..)}: keeps the reduced value per key and emits it after each element. */
public final class RollingReduce<K, T> extends KeyedProcessFunction<K, T, T> {

    private final ReduceFunction<T> reducer;
    private final TypeSerializer<T> serializer;
    private transient ValueState<T> current;

    public RollingReduce(ReduceFunction<T> reducer, TypeSerializer<T> serializer) {
        this.reducer = reducer;
        this.serializer = serializer != null ? serializer : Serializers.undeclared("the elements of the reduce");
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        FunctionLifecycle.open(reducer, context);
        current = context.getState(new ValueStateDescriptor<>("rolling-reduce", serializer));
    }

    @Override
    public void close() throws Exception {
        reducer.close();
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        T previous = current.value();
        T next = previous == null ? value : reducer.reduce(previous, value);
        current.update(next);
        out.collect(next);
    }
}
