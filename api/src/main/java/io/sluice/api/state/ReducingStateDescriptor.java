package io.sluice.api.state;

import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

import java.util.Objects;

/** Describes a {@link ReducingState}. */
public final class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>, T> {

    private final ReduceFunction<T> reduceFunction;

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeSerializer<T> serializer) {
        super(name, serializer);
        this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduceFunction");
    }

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
        this(name, reduceFunction, Serializers.of(type));
    }

    public ReduceFunction<T> reduceFunction() {
        return reduceFunction;
    }

    @Override
    public Kind kind() {
        return Kind.REDUCING;
    }
}
