package io.sluice.runtime.operators.window;

import org.agrona.MutableDirectBuffer;

/** Edits shared by the record layouts ({@link SliceLayout}, {@link SessionLayout}): a count at offset 0, then items. */
final class RecordBytes {

    private RecordBytes() {
    }

    /**
     * Removes the item at {@code [from, to)} of a record of {@code length} bytes, moving the items
     * after it down and counting one item less; returns the new length.
     */
    static int removeRange(MutableDirectBuffer record, int length, int from, int to) {
        int tail = length - to;
        int i = 0;
        // forward, eight bytes at a time: the regions overlap, but each read lies above every write before it
        for (; i + Long.BYTES <= tail; i += Long.BYTES) {
            record.putLong(from + i, record.getLong(to + i));
        }
        for (; i < tail; i++) {
            record.putByte(from + i, record.getByte(to + i));
        }
        record.putInt(0, record.getInt(0) - 1);
        return length - (to - from);
    }
}
