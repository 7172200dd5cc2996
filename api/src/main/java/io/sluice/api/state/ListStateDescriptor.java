package io.sluice.api.state;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

/** Describes a {@link ListState}; the serializer is the element's. */
public final class ListStateDescriptor<T> extends StateDescriptor<ListState<T>, T> {

    public ListStateDescriptor(String name, TypeSerializer<T> elementSerializer) {
        super(name, elementSerializer);
    }

    public ListStateDescriptor(String name, Class<T> elementType) {
        super(name, Serializers.of(elementType));
    }

    @Override
    public Kind kind() {
        return Kind.LIST;
    }
}
