package io.sluice.api.state;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

/** Describes a {@link ValueState}. */
public final class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>, T> {

    public ValueStateDescriptor(String name, TypeSerializer<T> serializer) {
        super(name, serializer);
    }

    public ValueStateDescriptor(String name, Class<T> type) {
        super(name, Serializers.of(type));
    }

    @Override
    public Kind kind() {
        return Kind.VALUE;
    }
}
