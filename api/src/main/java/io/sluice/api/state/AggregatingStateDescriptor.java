package io.sluice.api.state;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

import java.util.Objects;

/** Describes an {@link AggregatingState}; {@link #serializer()} is the accumulator serializer. */
public final class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<AggregatingState<IN, OUT>, ACC> {

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      TypeSerializer<ACC> accumulatorSerializer) {
        super(name, accumulatorSerializer);
        this.aggregateFunction = Objects.requireNonNull(aggregateFunction, "aggregateFunction");
    }

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      Class<ACC> accumulatorType) {
        this(name, aggregateFunction, Serializers.of(accumulatorType));
    }

    public AggregateFunction<IN, ACC, OUT> aggregateFunction() {
        return aggregateFunction;
    }

    @Override
    public Kind kind() {
        return Kind.AGGREGATING;
    }
}
