package io.sluice.state.offheap;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.LongValueState;
import io.sluice.api.state.StateDescriptor.Kind;
import org.agrona.UnsafeApi;

/**
 * A {@code long} per key and namespace, kept as the 8 big-endian bytes {@link Serializers#LONG}
 * writes (so its entries are a {@code ValueState<Long>}'s) and read and written in place: no value
 * object, no copy. {@link #add} is one probe ({@link BytesTable#edit}), which copies the entry first
 * only when a snapshot capture may still read it.
 */
final class OffHeapLongValueState<N> extends OffHeapState<N, Long> implements LongValueState {

    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    OffHeapLongValueState(OffHeapKeyedStateBackend backend, String name, TypeSerializer<N> namespaceSerializer, N ns) {
        super(backend, name, Kind.VALUE, Serializers.LONG, namespaceSerializer, ns, true);
    }

    @Override
    public boolean isPresent() {
        return entry() != 0;
    }

    @Override
    public long value(long absent) {
        long e = entry();
        return e == 0 ? absent : OffHeapDataInput.readLong(BytesTable.valueAddress(e));
    }

    @Override
    public void update(long value) {
        int len = compositeKey();
        long e = table().put(keyAddress(), len, keyHash(), Long.BYTES);
        write(BytesTable.valueAddress(e), value);
    }

    @Override
    public long add(long delta) {
        int len = compositeKey();
        long e = table().edit(keyAddress(), len, keyHash(), Long.BYTES);
        long address = BytesTable.valueAddress(e);
        long sum = delta;
        if (BytesTable.valueLength(e) == Long.BYTES) {
            sum += OffHeapDataInput.readLong(address);
        } else {
            BytesTable.setValueLength(e, Long.BYTES); // created by the edit, with no value yet
        }
        write(address, sum);
        return sum;
    }

    private static void write(long address, long value) {
        UnsafeApi.putLong(address, LITTLE_ENDIAN ? Long.reverseBytes(value) : value);
    }
}
