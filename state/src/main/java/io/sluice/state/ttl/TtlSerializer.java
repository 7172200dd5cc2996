package io.sluice.state.ttl;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A value's serializer with its last-access time in front: 8 bytes per stored value. */
final class TtlSerializer<V> implements TypeSerializer<TtlValue<V>> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<V> value;

    TtlSerializer(TypeSerializer<V> value) {
        this.value = value;
    }

    @Override
    public void serialize(TtlValue<V> v, DataOutput out) throws IOException {
        out.writeLong(v.lastAccess());
        value.serialize(v.value(), out);
    }

    @Override
    public TtlValue<V> deserialize(DataInput in) throws IOException {
        long lastAccess = in.readLong();
        return new TtlValue<>(value.deserialize(in), lastAccess);
    }

    /** The serializer of the value behind the last-access time. */
    TypeSerializer<V> valueSerializer() {
        return value;
    }

    @Override
    public String typeName() {
        return "ttl(" + value.typeName() + ")";
    }
}
