package io.sluice.state.snapshot;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.VoidNamespace;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The key of a state entry: the key's serializer bytes followed by the namespace's serializer
 * bytes, with no namespace bytes for state scoped to a key only (no namespace serializer). No
 * lengths: each serializer reads back exactly what it wrote. The off-heap backend builds these keys
 * from its serialized current key; the heap backend writes and reads them for snapshots here.
 */
public final class StateKeyLayout {

    private StateKeyLayout() {
    }

    /** A key and a namespace read back from an entry's key. */
    public record KeyAndNamespace(Object key, Object namespace) {
    }

    /** Writes the entry key of ({@code key}, {@code namespace}). */
    public static void write(TypeSerializer<Object> keySerializer, Object key, TypeSerializer<Object> namespaceSerializer,
                             Object namespace, DataOutput out) throws IOException {
        keySerializer.serialize(key, out);
        if (namespaceSerializer != null) {
            namespaceSerializer.serialize(namespace, out);
        }
    }

    /** Reads the key in front of an entry key, leaving whatever namespace follows it unread. */
    public static Object readKey(byte[] bytes, TypeSerializer<Object> keySerializer) throws IOException {
        return keySerializer.deserialize(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    /**
     * Reads an entry key back; {@link VoidNamespace} when the state has no namespace serializer.
     *
     * @throws IOException when the bytes are not one key and one namespace of these serializers
     */
    public static KeyAndNamespace read(byte[] bytes, TypeSerializer<Object> keySerializer,
                                       TypeSerializer<Object> namespaceSerializer) throws IOException {
        ByteArrayInputStream b = new ByteArrayInputStream(bytes);
        DataInputStream in = new DataInputStream(b);
        Object key = keySerializer.deserialize(in);
        Object namespace = namespaceSerializer == null ? VoidNamespace.INSTANCE : namespaceSerializer.deserialize(in);
        if (b.available() != 0) {
            throw new IOException(b.available() + " bytes of an entry key of " + bytes.length + " bytes are left after"
                    + " its key" + (namespaceSerializer == null ? " (the state has no namespace now)" : " and namespace"));
        }
        return new KeyAndNamespace(key, namespace);
    }
}
