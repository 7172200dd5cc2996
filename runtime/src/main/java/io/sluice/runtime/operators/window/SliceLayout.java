package io.sluice.runtime.operators.window;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The byte layout of one key's slices ({@link SlicingWindowOperator}): a slice count, then per
 * slice its end (exclusive, ms), the length of its accumulator and the accumulator's serialized
 * bytes, in no particular order (usually ascending, as event time moves on). The numbers are in
 * the platform's byte order (little-endian on every platform Sluice runs on); snapshots carry
 * records as opaque bytes.
 */
final class SliceLayout {

    static final int COUNT = 0;
    static final int FIRST_SLICE = 4;
    /** End and accumulator length before each accumulator's bytes. */
    static final int SLICE_HEADER = 12;

    private SliceLayout() {
    }

    static int count(DirectBuffer record) {
        return record.getInt(COUNT);
    }

    static void setCount(MutableDirectBuffer record, int count) {
        record.putInt(COUNT, count);
    }

    static long end(DirectBuffer record, int slice) {
        return record.getLong(slice);
    }

    static int accumulatorLength(DirectBuffer record, int slice) {
        return record.getInt(slice + 8);
    }

    static int accumulatorOffset(int slice) {
        return slice + SLICE_HEADER;
    }

    /** The offset of the slice after the one at {@code slice}. */
    static int next(DirectBuffer record, int slice) {
        return slice + SLICE_HEADER + accumulatorLength(record, slice);
    }

    /** Offset of the slice ending at {@code end} in a record of {@code length} bytes, or -1. */
    static int find(DirectBuffer record, int length, long end) {
        if (length == 0) {
            return -1;
        }
        for (int slice = FIRST_SLICE, n = count(record), i = 0; i < n; i++, slice = next(record, slice)) {
            if (end(record, slice) == end) {
                return slice;
            }
        }
        return -1;
    }

    /** Writes a slice header at {@code slice}; the accumulator's bytes follow. */
    static void putSliceHeader(MutableDirectBuffer record, int slice, long end, int accumulatorLength) {
        record.putLong(slice, end);
        record.putInt(slice + 8, accumulatorLength);
    }

    /** Closes the gap of the slice at {@code slice}; returns the record's new length. */
    static int remove(MutableDirectBuffer record, int length, int slice) {
        return RecordBytes.removeRange(record, length, slice, next(record, slice));
    }
}
