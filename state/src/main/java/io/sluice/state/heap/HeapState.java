package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.InternalKvState;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.ttl.TtlValue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Base of the heap state handles: the current namespace and access to the current key's entry.
 * Values are objects; the serializers are kept only to write snapshots (the off-heap backend's
 * entry bytes) and to read restored entries back into objects.
 */
abstract class HeapState<N, V> implements InternalKvState<N> {

    protected final HeapKeyedStateBackend backend;
    protected final String name;
    protected final StateTable<V> table;
    /** The stored value's serializer (the element's for lists, the value's for maps). */
    protected final TypeSerializer<Object> valueSerializer;
    /** Null for state scoped to a key only. */
    final TypeSerializer<Object> namespaceSerializer;
    protected N namespace;

    @SuppressWarnings("unchecked")
    HeapState(HeapKeyedStateBackend backend, String name, StateTable<V> table, N defaultNamespace,
              TypeSerializer<?> valueSerializer, TypeSerializer<?> namespaceSerializer) {
        this.backend = backend;
        this.name = name;
        this.table = table;
        this.namespace = defaultNamespace;
        this.valueSerializer = (TypeSerializer<Object>) valueSerializer;
        this.namespaceSerializer = (TypeSerializer<Object>) namespaceSerializer;
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        this.namespace = namespace;
    }

    protected V current() {
        return table.get(backend.currentKeyGroup(), backend.requireCurrentKey(), namespace);
    }

    protected V at(N ns) {
        return table.get(backend.currentKeyGroup(), backend.requireCurrentKey(), ns);
    }

    protected void setCurrent(V value) {
        table.put(backend.currentKeyGroup(), backend.requireCurrentKey(), namespace, value);
    }

    protected void setAt(N ns, V value) {
        table.put(backend.currentKeyGroup(), backend.requireCurrentKey(), ns, value);
    }

    protected V removeAt(N ns) {
        return table.remove(backend.currentKeyGroup(), backend.requireCurrentKey(), ns);
    }

    @Override
    public void clear() {
        table.remove(backend.currentKeyGroup(), backend.requireCurrentKey(), namespace);
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be merged");
    }

    /**
     * For a state with a time to live, whose stored values are {@link TtlValue}s (in a list or map
     * for those kinds): whether {@code stored} holds one last accessed after {@code expiredAtOrBefore}.
     */
    boolean holdsLiveValue(V stored, long expiredAtOrBefore) {
        return ((TtlValue<?>) stored).lastAccess() > expiredAtOrBefore;
    }

    // ---- snapshots --------------------------------------------------------------------------------

    /** What this state's entries are, in snapshots. */
    abstract TableKind kind();

    /** The snapshot entry of {@code value} under entry key {@code key}: the bytes the off-heap backend keeps. */
    EntryBytes encode(byte[] key, V value, ByteScratch scratch) throws IOException {
        scratch.reset();
        valueSerializer.serialize(value, scratch.out());
        return EntryBytes.of(key, scratch.toByteArray());
    }

    /** The stored value of a restored entry. */
    @SuppressWarnings("unchecked")
    V decode(EntryBytes entry) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(entry.value());
        V v = (V) valueSerializer.deserialize(new DataInputStream(bytes));
        requireAllRead(bytes, entry.value().length);
        return v;
    }

    static void requireAllRead(ByteArrayInputStream bytes, int length) throws IOException {
        if (bytes.available() != 0) {
            throw new IOException(bytes.available() + " of " + length + " bytes are left after reading them back");
        }
    }
}
