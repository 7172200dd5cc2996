package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.InternalRecordState;
import io.sluice.state.VoidNamespace;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.TableKind;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Records as byte arrays with a length, edited in place (a heap snapshot serializes everything when
 * it is taken, so later edits cannot reach it); snapshots hold the record's bytes as they are, the
 * off-heap backend's entry value.
 */
final class HeapRecordState extends HeapState<VoidNamespace, HeapRecordState.Record> implements InternalRecordState {

    /** One key's record: {@code length} bytes at the start of {@code bytes}. */
    static final class Record {
        byte[] bytes;
        int length;

        Record(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    private Record edited;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    /** Where a visitor writes a replacement record; grows with the largest record. */
    private byte[] scratch = new byte[64];

    @SuppressWarnings({"unchecked", "rawtypes"})
    HeapRecordState(HeapKeyedStateBackend backend, String name, StateTable table, TypeSerializer<?> serializer) {
        super(backend, name, table, VoidNamespace.INSTANCE, serializer, null);
    }

    @Override
    TableKind kind() {
        return TableKind.VALUE;
    }

    @Override
    public int edit(UnsafeBuffer view, int minCapacity) {
        Record r = current();
        if (r == null) {
            r = new Record(new byte[Math.max(minCapacity, 16)], 0);
            setCurrent(r);
        } else if (r.bytes.length < minCapacity) {
            r.bytes = Arrays.copyOf(r.bytes, Math.max(minCapacity, r.bytes.length * 2));
        }
        edited = r;
        view.wrap(r.bytes);
        return r.length;
    }

    @Override
    public void commit(int length) {
        if (length == 0) {
            clear();
        } else {
            edited.length = length;
        }
        edited = null;
    }

    @Override
    public int read(UnsafeBuffer view) {
        Record r = current();
        if (r == null) {
            return -1;
        }
        view.wrap(r.bytes, 0, r.length);
        return r.length;
    }

    @Override
    public void forEachRecord(int keyGroup, boolean withKeys, RecordVisitor visitor) throws Exception {
        Map<Object, Map<Object, Record>> byKey = table.keyGroup(keyGroup);
        if (byKey == null) {
            return;
        }
        List<Object> removals = null;
        for (Map.Entry<Object, Map<Object, Record>> e : byKey.entrySet()) {
            Record r = e.getValue().get(VoidNamespace.INSTANCE);
            if (r == null) {
                continue;
            }
            if (withKeys) {
                backend.setCurrentKey(e.getKey(), keyGroup);
            }
            view.wrap(r.bytes, 0, r.length);
            if (scratch.length < r.length) {
                scratch = new byte[Math.max(r.length, scratch.length * 2)];
            }
            out.wrap(scratch, 0, r.length);
            int result = visitor.visit(view, r.length, out);
            if (result == 0) {
                if (removals == null) {
                    removals = new ArrayList<>();
                }
                removals.add(e.getKey());
            } else if (result > 0) {
                System.arraycopy(scratch, 0, r.bytes, 0, result); // a replacement is never longer than the record
                r.length = result;
            }
        }
        if (removals != null) {
            for (Object key : removals) {
                table.remove(keyGroup, key, VoidNamespace.INSTANCE);
            }
        }
    }

    @Override
    EntryBytes encode(byte[] key, Record value, ByteScratch scratch) {
        return EntryBytes.of(key, Arrays.copyOf(value.bytes, value.length));
    }

    @Override
    Record decode(EntryBytes entry) {
        return new Record(entry.value(), entry.value().length);
    }
}
