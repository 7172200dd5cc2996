package io.sluice.state.heap;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.LongValueState;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.TableKind;

import java.io.IOException;

/**
 * A {@code long} per key and namespace in a mutable cell, so an update changes the cell instead of
 * storing a new boxed value; snapshots hold the 8 big-endian bytes {@link Serializers#LONG} writes,
 * a {@code ValueState<Long>}'s entry. A heap capture serializes when it is taken, so changing a cell
 * afterwards cannot reach it.
 */
final class HeapLongValueState<N> extends HeapState<N, HeapLongValueState.Cell> implements LongValueState {

    /** One key's value. */
    static final class Cell {
        long value;

        Cell(long value) {
            this.value = value;
        }
    }

    HeapLongValueState(HeapKeyedStateBackend backend, String name, StateTable<Cell> table, N ns,
                       TypeSerializer<N> namespaceSerializer) {
        super(backend, name, table, ns, Serializers.LONG, namespaceSerializer);
    }

    @Override
    TableKind kind() {
        return TableKind.VALUE;
    }

    @Override
    public boolean isPresent() {
        return current() != null;
    }

    @Override
    public long value(long absent) {
        Cell c = current();
        return c == null ? absent : c.value;
    }

    @Override
    public void update(long value) {
        Cell c = current();
        if (c == null) {
            setCurrent(new Cell(value));
        } else {
            c.value = value;
        }
    }

    @Override
    public long add(long delta) {
        Cell c = current();
        if (c == null) {
            setCurrent(new Cell(delta));
            return delta;
        }
        return c.value += delta;
    }

    @Override
    EntryBytes encode(byte[] key, Cell value, ByteScratch scratch) throws IOException {
        scratch.reset();
        scratch.out().writeLong(value.value);
        return EntryBytes.of(key, scratch.toByteArray());
    }

    @Override
    Cell decode(EntryBytes entry) throws IOException {
        byte[] b = entry.value();
        if (b.length != Long.BYTES) {
            throw new IOException("a long value is 8 bytes, not " + b.length);
        }
        return new Cell(java.nio.ByteBuffer.wrap(b).getLong()); // big-endian, as DataOutput.writeLong
    }
}
