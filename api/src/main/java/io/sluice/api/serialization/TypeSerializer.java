package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * Writes values of one type as bytes and reads them back. Used wherever bytes are needed — keyed
 * state, snapshots, connectors — never on the in-JVM data path, where values pass by reference.
 *
 * <p>A serializer must be stateless or thread-safe: one instance may be used by several subtasks.
 */
public interface TypeSerializer<T> extends Serializable {

    void serialize(T value, DataOutput out) throws IOException;

    T deserialize(DataInput in) throws IOException;

    /** The type this serializer writes, for error messages. */
    String typeName();
}
