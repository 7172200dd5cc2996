package io.sluice.state.offheap;

import org.agrona.UnsafeApi;

import static io.sluice.state.offheap.BytesTable.HASH;
import static io.sluice.state.offheap.BytesTable.HEADER;
import static io.sluice.state.offheap.BytesTable.KEY_LENGTH;
import static io.sluice.state.offheap.BytesTable.STAMP;
import static io.sluice.state.offheap.BytesTable.VALUE_CAPACITY;
import static io.sluice.state.offheap.BytesTable.VALUE_LENGTH;

/**
 * The slot block of a {@link BytesTable} in the inline layout: one 64-byte, line-aligned slot per
 * index position, each holding an entry of {@link BytesTable}'s entry layout (header, key, value),
 * so entry addresses are slot addresses and the table's static accessors read them unchanged. A
 * slot is empty while its value capacity is 0 (a used slot always has room for some value). Static
 * helpers on a block's first slot; the table owns the block, its copy on write and its freeing.
 */
final class InlineSlots {

    /** Bytes per slot: one cache line. */
    static final int STRIDE = 64;
    private static final int SHIFT = 6;
    /** Key and value bytes a slot holds together. */
    static final int ROOM = STRIDE - HEADER;
    /** What a block is padded by when the allocator's block is not line-aligned. */
    static final long LINE_MASK = STRIDE - 1;

    private InlineSlots() {
    }

    /** The first slot of a block allocated at {@code block}: rounded up to a cache line. */
    static long aligned(long block) {
        return (block + LINE_MASK) & ~LINE_MASK;
    }

    /** Bytes of a block of {@code capacity} slots (without padding). */
    static long bytes(int capacity) {
        return (long) capacity << SHIFT;
    }

    static long slot(long slots, int slot) {
        return slots + ((long) slot << SHIFT);
    }

    static boolean used(long entry) {
        return UnsafeApi.getInt(entry + VALUE_CAPACITY) != 0;
    }

    /** The entry in {@code slot}, or 0 when it is empty. */
    static long entryAt(long slots, int slot) {
        long entry = slot(slots, slot);
        return used(entry) ? entry : 0;
    }

    /**
     * The probe: the slot holding the key's entry, or {@code -1 - slot} for the empty slot where it
     * would go. One line per slot looked at; the key is compared only where the whole hash matches.
     */
    static int find(long slots, int mask, long keyAddress, int keyLength, int hash) {
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long entry = slot(slots, slot);
            if (!used(entry)) {
                return -1 - slot;
            }
            if (UnsafeApi.getInt(entry + HASH) == hash && BytesTable.keyEquals(entry, keyAddress, keyLength)) {
                return slot;
            }
        }
    }

    /** Writes a new entry into the empty slot at {@code entry}; its value is the caller's to write. */
    static void write(long entry, long keyAddress, int keyLength, int hash, int valueLength) {
        UnsafeApi.putInt(entry + HASH, hash);
        UnsafeApi.putInt(entry + KEY_LENGTH, keyLength);
        UnsafeApi.putInt(entry + VALUE_LENGTH, valueLength);
        UnsafeApi.putInt(entry + VALUE_CAPACITY, ROOM - keyLength); // never 0: marks the slot used
        UnsafeApi.putInt(entry + STAMP, 0); // unused: the block carries the stamp
        UnsafeApi.copyMemory(keyAddress, entry + HEADER, keyLength);
    }

    /** Linear-probing deletion without tombstones, a line at a time (the block must be writable). */
    static void remove(long slots, int mask, int gap) {
        int slot = gap;
        while (true) {
            slot = (slot + 1) & mask;
            long entry = slot(slots, slot);
            if (!used(entry)) {
                break;
            }
            int home = UnsafeApi.getInt(entry + HASH) & mask;
            if (!BytesTable.homeBetween(home, gap, slot)) {
                UnsafeApi.copyMemory(entry, slot(slots, gap), STRIDE);
                gap = slot;
            }
        }
        UnsafeApi.setMemory(slot(slots, gap), STRIDE, (byte) 0);
    }

    /** Copies every entry of block {@code from} into the empty block {@code to} of {@code toMask + 1} slots. */
    static void rehash(long from, int fromCapacity, long to, int toMask) {
        for (int slot = 0; slot < fromCapacity; slot++) {
            long entry = slot(from, slot);
            if (used(entry)) {
                int s = UnsafeApi.getInt(entry + HASH) & toMask;
                while (used(slot(to, s))) {
                    s = (s + 1) & toMask;
                }
                UnsafeApi.copyMemory(entry, slot(to, s), STRIDE);
            }
        }
    }

    /** A frozen slot block, as a snapshot capture holds it: its first slot and its number of slots. */
    record Frozen(long slots, int capacity) {
        /** What {@link BytesTable#copyIndex} gives: the address of each used slot, 0 for an empty one. */
        long[] usedSlots() {
            long[] entries = new long[capacity];
            for (int slot = 0; slot < capacity; slot++) {
                entries[slot] = entryAt(slots, slot);
            }
            return entries;
        }
    }
}
