package io.sluice.state;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;

/**
 * Marks a value state as an {@link InternalRecordState} whose records hold values of
 * {@code contents} (what snapshots record as its type, and what a restore lets an inferring
 * serializer adopt). Records are stored and snapshotted as raw bytes, never through this serializer.
 */
public final class RecordSerializer implements TypeSerializer<Object> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<?> contents;

    public RecordSerializer(TypeSerializer<?> contents) {
        this.contents = contents;
    }

    /** The serializer of the values inside the records. */
    public TypeSerializer<?> contents() {
        return contents;
    }

    @Override
    public void serialize(Object value, DataOutput out) {
        throw new UnsupportedOperationException("records are stored as their bytes");
    }

    @Override
    public Object deserialize(DataInput in) {
        throw new UnsupportedOperationException("records are stored as their bytes");
    }

    @Override
    public String typeName() {
        return contents.typeName();
    }
}
