package io.sluice.state.offheap;

import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ListState;
import io.sluice.state.snapshot.ListValueLayout;
import io.sluice.state.ttl.TtlValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A list per key and namespace, stored as its elements' bytes one after the other
 * ({@link ListValueLayout}): {@code add}
 * appends in place (the entry grows by size class, so appends are amortised), also while a snapshot
 * capture holds the list, which records the list's length ({@link BytesTable#append}); {@code get}
 * reads them back into a list.
 */
final class OffHeapListState<N, V> extends OffHeapState<N, V> implements ListState<V> {

    OffHeapListState(OffHeapKeyedStateBackend backend, String name, TypeSerializer<V> elementSerializer,
                     TypeSerializer<N> namespaceSerializer, N ns) {
        super(backend, name, Kind.LIST, elementSerializer, namespaceSerializer, ns);
    }

    @Override
    public Iterable<V> get() {
        long e = entry();
        if (e == 0) {
            return Collections.emptyList();
        }
        List<V> out = new ArrayList<>();
        valueIn.wrap(BytesTable.valueAddress(e), BytesTable.valueLength(e));
        try {
            ListValueLayout.read(valueIn, valueIn::remaining, valueSerializer, out);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the list of state '" + name + "' with "
                    + valueSerializer.typeName(), ex);
        }
        return out;
    }

    /** Each element starts with its own last-access time: reads them until a live one. */
    @Override
    boolean holdsLiveValue(long entry, long expiredAtOrBefore) {
        valueIn.wrap(BytesTable.valueAddress(entry), BytesTable.valueLength(entry));
        try {
            while (valueIn.remaining() > 0) {
                if (((TtlValue<?>) valueSerializer.deserialize(valueIn)).lastAccess() > expiredAtOrBefore) {
                    return true;
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the list of state '" + name + "' with "
                    + valueSerializer.typeName(), ex);
        }
        return false;
    }

    @Override
    public void add(V value) {
        Objects.requireNonNull(value, "list state does not hold null elements");
        serializeValue(value);
        append();
    }

    @Override
    public void addAll(List<V> values) {
        valueOut.reset();
        try {
            for (V v : values) {
                Objects.requireNonNull(v, "list state does not hold null elements");
            }
            ListValueLayout.write(values, valueSerializer, valueOut);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot serialize an element of state '" + name + "'", ex);
        }
        if (valueOut.position() > 0) {
            append();
        }
    }

    @Override
    public void update(List<V> values) {
        clear();
        addAll(values);
    }

    /** Appends {@link #valueOut}'s bytes to the current entry's value. */
    private void append() {
        int len = compositeKey();
        long existing = entry();
        int old = existing == 0 ? 0 : BytesTable.valueLength(existing);
        long e = table().append(keyAddress(), len, keyHash(), old + valueOut.position());
        org.agrona.UnsafeApi.copyMemory(valueOut.address(), BytesTable.valueAddress(e) + old, valueOut.position());
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) {
        N original = currentNamespace();
        valueOut.reset(); // gathers the sources' elements, then is appended to the target
        for (N source : sources) {
            if (source.equals(target)) {
                continue;
            }
            setCurrentNamespace(source);
            long e = entry();
            if (e != 0) {
                valueOut.writeFrom(BytesTable.valueAddress(e), BytesTable.valueLength(e));
                clear();
            }
        }
        if (valueOut.position() > 0) {
            setCurrentNamespace(target);
            append();
        }
        setCurrentNamespace(original);
    }
}
