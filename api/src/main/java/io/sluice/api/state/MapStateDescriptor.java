package io.sluice.api.state;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

import java.util.Objects;

/** Describes a {@link MapState}; {@link #serializer()} is the value serializer. */
public final class MapStateDescriptor<K, V> extends StateDescriptor<MapState<K, V>, V> {

    private final TypeSerializer<K> keySerializer;

    public MapStateDescriptor(String name, TypeSerializer<K> keySerializer, TypeSerializer<V> valueSerializer) {
        super(name, valueSerializer);
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
    }

    public MapStateDescriptor(String name, Class<K> keyType, Class<V> valueType) {
        this(name, Serializers.of(keyType), Serializers.of(valueType));
    }

    public TypeSerializer<K> keySerializer() {
        return keySerializer;
    }

    @Override
    public Kind kind() {
        return Kind.MAP;
    }
}
