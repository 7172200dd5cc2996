package io.sluice.state.offheap;

import org.agrona.UnsafeApi;

/**
 * A hash map from byte strings to byte strings, entirely in off-heap memory: an open-addressing
 * index (linear probing, backward-shift deletion, no tombstones) of entry addresses, and one block
 * per entry holding its hash, key and value. Each index slot also carries 16 bits of its entry's
 * hash above the address's 48 bits ({@link #TAG_SHIFT}), so a probe passes over another key's slot
 * without reading that entry: at a million keys, where every entry read is a cache miss, a lookup
 * reads one entry, the one it finds. One table holds one state of one key group (or the
 * entries of one map-state value). Single threaded; addresses handed out are valid until the next
 * call that changes the table.
 *
 * <p>The table itself lives off-heap too, in a small header block
 * ({@code [index:long][capacity:int][size:int]}); this object is a reusable view of one table at a
 * time ({@link #wrap}), so holding many tables (one per map-state value) costs no heap objects.
 *
 * <p>Entry layout: {@code [hash:int][keyLength:int][valueLength:int][valueCapacity:int][stamp:int][key][value]}.
 * The stamp is the snapshot write epoch the entry was written in ({@link SnapshotEpochs}): an entry
 * an open snapshot capture may read is copied before it changes (copy on write), any other changes
 * in place. Entries are only ever freed through {@link SnapshotEpochs#freeEntry}; the table's index
 * and header are freed at once, since captures read copies of indexes, never the indexes.
 */
public final class BytesTable {

    static final int HEADER_INDEX = 0;
    static final int HEADER_CAPACITY = 8;
    static final int HEADER_SIZE = 12;
    static final int TABLE_HEADER_BYTES = 16;

    static final int HASH = 0;
    static final int KEY_LENGTH = 4;
    static final int VALUE_LENGTH = 8;
    static final int VALUE_CAPACITY = 12;
    static final int STAMP = 16;
    static final int HEADER = 20;
    static final int MIN_CAPACITY = 16;
    /** Grow at 3/4 full: probe sequences stay short. */
    static final int LOAD_NUMERATOR = 3;
    static final int LOAD_DENOMINATOR = 4;

    /** The slot's tag (the hash's upper 16 bits) sits above the entry address's 48 bits. */
    static final int TAG_SHIFT = 48;
    static final long ADDRESS_MASK = (1L << TAG_SHIFT) - 1;

    private final SlabAllocator memory;
    private final SnapshotEpochs epochs;
    private long header;
    private long index;
    private int capacity;
    private int mask;
    private int size;
    /** Where {@link #gather} leaves what it read. */
    private int gathered;

    /** A view of a new, empty table. */
    public BytesTable(SlabAllocator memory) {
        this(memory, create(memory));
    }

    /** A view of the table at {@code header}. */
    public BytesTable(SlabAllocator memory, long header) {
        this.memory = memory;
        this.epochs = memory.epochs();
        wrap(header);
    }

    /** Creates an empty table and returns its header address. */
    public static long create(SlabAllocator memory) {
        long header = memory.allocate(TABLE_HEADER_BYTES);
        long index = memory.allocate(MIN_CAPACITY << 3);
        UnsafeApi.setMemory(index, MIN_CAPACITY << 3, (byte) 0);
        UnsafeApi.putLong(header + HEADER_INDEX, index);
        UnsafeApi.putInt(header + HEADER_CAPACITY, MIN_CAPACITY);
        UnsafeApi.putInt(header + HEADER_SIZE, 0);
        return header;
    }

    /** Points this view at the table whose header is at {@code header}. */
    public BytesTable wrap(long header) {
        this.header = header;
        this.index = UnsafeApi.getLong(header + HEADER_INDEX);
        this.capacity = UnsafeApi.getInt(header + HEADER_CAPACITY);
        this.mask = capacity - 1;
        this.size = UnsafeApi.getInt(header + HEADER_SIZE);
        return this;
    }

    public long header() {
        return header;
    }

    public int size() {
        return size;
    }

    private void setSize(int size) {
        this.size = size;
        UnsafeApi.putInt(header + HEADER_SIZE, size);
    }

    /** The entry for the key at {@code [keyAddress, keyAddress + keyLength)}, or 0. */
    public long find(long keyAddress, int keyLength, int hash) {
        int slot = slotOf(keyAddress, keyLength, hash);
        return slot < 0 ? 0 : entryAt(slot);
    }

    /**
     * The probe every operation starts with: the slot holding the key's entry, or, when there is
     * none, {@code -1 - slot} for the empty slot where it would go.
     */
    private int slotOf(long keyAddress, int keyLength, int hash) {
        StateLookups.probe();
        long tag = tag(hash);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long word = word(slot);
            if (word == 0) {
                return -1 - slot;
            }
            if ((word & ~ADDRESS_MASK) == tag) { // only now read the entry: most other keys differ here
                long entry = word & ADDRESS_MASK;
                if (UnsafeApi.getInt(entry + HASH) == hash && keyEquals(entry, keyAddress, keyLength)) {
                    return slot;
                }
            }
        }
    }

    /**
     * The entry for the key, created or resized so its value has room for {@code valueLength}
     * bytes, with its value length set to {@code valueLength}; the caller writes the value at
     * {@link #valueAddress}. An existing value is kept when it fits.
     */
    public long put(long keyAddress, int keyLength, int hash, int valueLength) {
        int slot = slotOf(keyAddress, keyLength, hash);
        if (slot < 0) {
            return insert(-1 - slot, keyAddress, keyLength, hash, valueLength);
        }
        long entry = entryAt(slot);
        if (UnsafeApi.getInt(entry + VALUE_CAPACITY) >= valueLength && !epochs.mustCopy(UnsafeApi.getInt(entry + STAMP))) {
            UnsafeApi.putInt(entry + VALUE_LENGTH, valueLength);
            return entry;
        }
        // too small, or a snapshot capture may be reading this entry: write a new one
        return move(entry, slot, keyAddress, keyLength, hash, valueLength);
    }

    /**
     * As {@link #put}, for a value that only grows at its end (a list): the caller writes past the
     * old value length only, so the bytes a capture reads never change and the entry grows in place
     * while it has room, captured or not. A capture of such a table records each entry's value
     * length when it is taken ({@link KeyGroupSnapshot}), since the length changes here.
     */
    public long append(long keyAddress, int keyLength, int hash, int valueLength) {
        int slot = slotOf(keyAddress, keyLength, hash);
        if (slot < 0) {
            return insert(-1 - slot, keyAddress, keyLength, hash, valueLength);
        }
        long entry = entryAt(slot);
        if (UnsafeApi.getInt(entry + VALUE_CAPACITY) >= valueLength
                && valueLength >= UnsafeApi.getInt(entry + VALUE_LENGTH)) {
            UnsafeApi.putInt(entry + VALUE_LENGTH, valueLength);
            return entry;
        }
        return move(entry, slot, keyAddress, keyLength, hash, valueLength);
    }

    /** A new entry for the key with room for {@code valueLength} bytes, or 0 (and nothing changes) when it exists. */
    public long putIfAbsent(long keyAddress, int keyLength, int hash, int valueLength) {
        int slot = slotOf(keyAddress, keyLength, hash);
        return slot < 0 ? insert(-1 - slot, keyAddress, keyLength, hash, valueLength) : 0;
    }

    /**
     * The entry for the key, created with an empty value when absent, made writable with room for at
     * least {@code minCapacity} value bytes: moved to a larger block, or copied when a snapshot
     * capture may be reading it, keeping its value and value length. One probe: for values edited in
     * place ({@code InternalRecordState}).
     */
    public long edit(long keyAddress, int keyLength, int hash, int minCapacity) {
        int slot = slotOf(keyAddress, keyLength, hash);
        if (slot < 0) {
            long entry = insert(-1 - slot, keyAddress, keyLength, hash, minCapacity);
            UnsafeApi.putInt(entry + VALUE_LENGTH, 0);
            return entry;
        }
        long entry = entryAt(slot);
        if (UnsafeApi.getInt(entry + VALUE_CAPACITY) >= minCapacity && !epochs.mustCopy(UnsafeApi.getInt(entry + STAMP))) {
            return entry;
        }
        return moveKeepingLength(entry, slot, minCapacity);
    }

    /**
     * Replaces the value of the entry in {@code slot} (found by walking the index, e.g. with
     * {@link #entryAt}) with {@code length} bytes from {@code source}, in place when it fits and no
     * capture may read it. The index does not change, so a walk over the slots can go on.
     */
    public void rewriteAt(int slot, long source, int length) {
        long entry = entryAt(slot);
        if (UnsafeApi.getInt(entry + VALUE_CAPACITY) < length || epochs.mustCopy(UnsafeApi.getInt(entry + STAMP))) {
            entry = moveKeepingLength(entry, slot, length);
        }
        UnsafeApi.copyMemory(source, valueAddress(entry), length);
        UnsafeApi.putInt(entry + VALUE_LENGTH, length);
    }

    private long moveKeepingLength(long entry, int slot, int minCapacity) {
        int length = UnsafeApi.getInt(entry + VALUE_LENGTH);
        long moved = move(entry, slot, keyAddress(entry), keyLength(entry), hashOf(entry), Math.max(length, minCapacity));
        UnsafeApi.putInt(moved + VALUE_LENGTH, length);
        return moved;
    }

    /** Sets the length of {@code entry}'s value, within its capacity (after {@link #edit}). */
    public static void setValueLength(long entry, int length) {
        UnsafeApi.putInt(entry + VALUE_LENGTH, length);
    }

    /** Room for the value of {@code entry}. */
    public static int valueCapacity(long entry) {
        return UnsafeApi.getInt(entry + VALUE_CAPACITY);
    }

    /** Writes the entry in {@code slot} to a new block keeping its value's first bytes, and frees the old one. */
    private long move(long entry, int slot, long keyAddress, int keyLength, int hash, int valueLength) {
        long moved = newEntry(keyAddress, keyLength, hash, valueLength);
        int oldLength = UnsafeApi.getInt(entry + VALUE_LENGTH);
        UnsafeApi.copyMemory(valueAddress(entry), valueAddress(moved), Math.min(oldLength, valueLength));
        setSlot(slot, moved, hash);
        freeEntry(entry);
        return moved;
    }

    private long insert(int slot, long keyAddress, int keyLength, int hash, int valueLength) {
        long entry = newEntry(keyAddress, keyLength, hash, valueLength);
        setSlot(slot, entry, hash);
        setSize(size + 1);
        if (size * LOAD_DENOMINATOR > capacity * LOAD_NUMERATOR) {
            resize(capacity << 1);
        }
        return entry;
    }

    /** Removes the key's entry; false if there was none. */
    public boolean remove(long keyAddress, int keyLength, int hash) {
        long entry = detach(keyAddress, keyLength, hash);
        if (entry == 0) {
            return false;
        }
        freeEntry(entry);
        return true;
    }

    /**
     * Takes the key's entry out of the table without freeing it and returns it, or 0 if there was
     * none. The caller, which still points at it, frees it later with {@link #freeDetached}; until
     * then its memory stays as it was, so a snapshot capture that copied the index before reads it
     * unchanged.
     */
    public long detach(long keyAddress, int keyLength, int hash) {
        int slot = slotOf(keyAddress, keyLength, hash);
        if (slot < 0) {
            return 0;
        }
        long entry = entryAt(slot);
        removeSlot(slot);
        setSize(size - 1);
        if (capacity > MIN_CAPACITY && size * 8 < capacity) {
            resize(capacity >> 1); // give memory back after churn
        }
        return entry;
    }

    /** Frees an entry {@link #detach} returned from a table of {@code memory}, once nothing points at it. */
    public static void freeDetached(SlabAllocator memory, long entry) {
        free(memory.epochs(), entry);
    }

    /** Stamps one entry {@code stamp}: for a detached entry, which {@link #restamp} no longer reaches. */
    static void restampEntry(long entry, int stamp) {
        UnsafeApi.putInt(entry + STAMP, stamp);
    }

    /** Removes every entry and gives the memory back. */
    public void clear() {
        for (int slot = 0; slot < capacity; slot++) {
            long entry = entryAt(slot);
            if (entry != 0) {
                freeEntry(entry);
            }
        }
        memory.free(index);
        setSize(0);
        allocateIndex(MIN_CAPACITY);
    }

    /** Frees the table, its entries and its header; the view is unusable until wrapped again. */
    public void release() {
        for (int slot = 0; slot < capacity; slot++) {
            long entry = entryAt(slot);
            if (entry != 0) {
                freeEntry(entry);
            }
        }
        memory.free(index);
        memory.free(header);
        header = 0;
        index = 0;
        capacity = 0;
        size = 0;
    }

    /** Calls {@code visitor} with every entry, in no particular order; the table must not change meanwhile. */
    public void forEach(EntryVisitor visitor) throws Exception {
        for (int slot = 0; slot < capacity; slot++) {
            long entry = entryAt(slot);
            if (entry != 0) {
                visitor.visit(entry);
            }
        }
    }

    /**
     * Collects the entries of slots {@code [from, to)} into {@code entries} (their slots into
     * {@code slots}) and reads each one's header and the last byte of its value, all before any is
     * used: the loads do not depend on each other, so their cache misses overlap instead of coming
     * one by one as a walk that visits each entry in turn would take them. For walks over tables
     * larger than the cache, where every entry is a miss. Returns how many it collected.
     */
    public int gather(int from, int to, long[] entries, int[] slots) {
        int n = 0;
        int touched = 0;
        for (int slot = from; slot < to; slot++) {
            long entry = entryAt(slot);
            if (entry != 0) {
                entries[n] = entry;
                slots[n++] = slot;
                touched += touch(entry);
            }
        }
        gathered = touched; // kept, so the loads are not dropped as unused
        return n;
    }

    /** The address of the index slot a probe for {@code hash} starts at (for {@link #prefetch}). */
    public long homeSlotAddress(int hash) {
        return index + ((long) (hash & mask) << 3);
    }

    /**
     * Reads, for each of {@code count} probes about to be made, its first index slot
     * ({@code slotAddresses}, from {@link #homeSlotAddress}; 0 for none) and then the entry there
     * when its tag matches {@code hashes}: first every slot, then every entry, so the misses of each
     * round overlap. What a probe reads after that is then in cache. Overwrites
     * {@code slotAddresses} with the slots' words.
     */
    public static int prefetch(long[] slotAddresses, int[] hashes, int count) {
        for (int i = 0; i < count; i++) {
            long address = slotAddresses[i];
            slotAddresses[i] = address == 0 ? 0 : UnsafeApi.getLong(address);
        }
        int touched = 0;
        for (int i = 0; i < count; i++) {
            long word = slotAddresses[i];
            if (word != 0 && (word & ~ADDRESS_MASK) == tag(hashes[i])) {
                touched += touch(word & ADDRESS_MASK);
            }
        }
        return touched; // for the caller to keep, so the loads are not dropped as unused
    }

    /**
     * Reads {@code entry}'s header and the last byte of its value (often on another line than the
     * header), so both are on their way from memory; returns the byte, for the caller to keep.
     */
    static int touch(long entry) {
        int end = HEADER + UnsafeApi.getInt(entry + KEY_LENGTH) + UnsafeApi.getInt(entry + VALUE_LENGTH);
        return UnsafeApi.getByte(entry + end - 1);
    }

    /** Sees one entry's address; read it with the static accessors. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(long entry) throws Exception;
    }

    public static int hashOf(long entry) {
        return UnsafeApi.getInt(entry + HASH);
    }

    public static int keyLength(long entry) {
        return UnsafeApi.getInt(entry + KEY_LENGTH);
    }

    public static long keyAddress(long entry) {
        return entry + HEADER;
    }

    public static int valueLength(long entry) {
        return UnsafeApi.getInt(entry + VALUE_LENGTH);
    }

    public static long valueAddress(long entry) {
        return entry + HEADER + UnsafeApi.getInt(entry + KEY_LENGTH);
    }

    /** Slots in the index (for cursors that walk it). */
    public int capacity() {
        return capacity;
    }

    /** The entry in {@code slot}, or 0. */
    public long entryAt(int slot) {
        return word(slot) & ADDRESS_MASK;
    }

    /** The index word of {@code slot}: the entry's address and its tag, or 0 when empty. */
    private long word(int slot) {
        return UnsafeApi.getLong(index + ((long) slot << 3));
    }

    private void setSlot(int slot, long entry, int hash) {
        UnsafeApi.putLong(index + ((long) slot << 3), entry | tag(hash));
    }

    /** The hash's upper 16 bits, where they go in an index word (the lower bits choose the slot). */
    private static long tag(int hash) {
        return (long) (hash >>> 16) << TAG_SHIFT;
    }

    /**
     * Whether {@code address} leaves the index word's tag bits free: native addresses are below 2^48
     * (user space on x86-64 and AArch64 Linux, unless a mapping asks for more).
     */
    static boolean fitsUnderTag(long address) {
        return (address & ~ADDRESS_MASK) == 0;
    }

    /** A copy of the index (entry addresses, 0 for empty slots): a snapshot's frozen view of the table. */
    public long[] copyIndex() {
        long[] copy = new long[capacity];
        UnsafeApi.copyMemory(null, index, copy, UnsafeApi.arrayBaseOffset(long[].class), (long) capacity << 3);
        for (int i = 0; i < copy.length; i++) {
            copy[i] &= ADDRESS_MASK;
        }
        return copy;
    }

    /** Bytes of index and entries this table holds (for memory accounting in tests and metrics). */
    public long indexBytes() {
        return (long) capacity << 3;
    }

    private long newEntry(long keyAddress, int keyLength, int hash, int valueLength) {
        int block = SlabAllocator.blockSize(HEADER + keyLength + valueLength);
        long entry = memory.allocate(block);
        UnsafeApi.putInt(entry + HASH, hash);
        UnsafeApi.putInt(entry + KEY_LENGTH, keyLength);
        UnsafeApi.putInt(entry + VALUE_LENGTH, valueLength);
        UnsafeApi.putInt(entry + VALUE_CAPACITY, block - HEADER - keyLength);
        UnsafeApi.putInt(entry + STAMP, epochs.writeEpoch());
        UnsafeApi.copyMemory(keyAddress, entry + HEADER, keyLength);
        return entry;
    }

    private void freeEntry(long entry) {
        free(epochs, entry);
    }

    /** Gives an entry back through the snapshot epochs, as of the epoch it is stamped with. */
    private static void free(SnapshotEpochs epochs, long entry) {
        epochs.freeEntry(entry, UnsafeApi.getInt(entry + STAMP));
    }

    /** Stamps every entry {@code stamp} (when the snapshot epochs are renumbered). */
    void restamp(int stamp) {
        for (int slot = 0; slot < capacity; slot++) {
            long entry = entryAt(slot);
            if (entry != 0) {
                restampEntry(entry, stamp);
            }
        }
    }

    private boolean keyEquals(long entry, long keyAddress, int keyLength) {
        if (UnsafeApi.getInt(entry + KEY_LENGTH) != keyLength) {
            return false;
        }
        long a = entry + HEADER;
        int i = 0;
        for (; i + 8 <= keyLength; i += 8) {
            if (UnsafeApi.getLong(a + i) != UnsafeApi.getLong(keyAddress + i)) {
                return false;
            }
        }
        for (; i < keyLength; i++) {
            if (UnsafeApi.getByte(a + i) != UnsafeApi.getByte(keyAddress + i)) {
                return false;
            }
        }
        return true;
    }

    /** Linear-probing deletion without tombstones: pull later entries of the run back into the gap. */
    private void removeSlot(int gap) {
        int slot = gap;
        while (true) {
            slot = (slot + 1) & mask;
            long word = word(slot);
            if (word == 0) {
                break;
            }
            int home = UnsafeApi.getInt((word & ADDRESS_MASK) + HASH) & mask;
            // the entry may move to the gap unless its home lies cyclically in (gap, slot]
            boolean homeBetween = gap <= slot ? (home > gap && home <= slot) : (home > gap || home <= slot);
            if (!homeBetween) {
                UnsafeApi.putLong(index + ((long) gap << 3), word); // with its tag
                gap = slot;
            }
        }
        UnsafeApi.putLong(index + ((long) gap << 3), 0L);
    }

    private void resize(int newCapacity) {
        long oldIndex = index;
        int oldCapacity = capacity;
        allocateIndex(newCapacity);
        for (int slot = 0; slot < oldCapacity; slot++) {
            long word = UnsafeApi.getLong(oldIndex + ((long) slot << 3));
            if (word != 0) {
                int s = UnsafeApi.getInt((word & ADDRESS_MASK) + HASH) & mask;
                while (word(s) != 0) {
                    s = (s + 1) & mask;
                }
                UnsafeApi.putLong(index + ((long) s << 3), word); // with its tag
            }
        }
        memory.free(oldIndex);
    }

    private void allocateIndex(int newCapacity) {
        long bytes = (long) newCapacity << 3;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("state table index of " + newCapacity + " slots is too large");
        }
        index = memory.allocate((int) bytes);
        UnsafeApi.setMemory(index, bytes, (byte) 0);
        capacity = newCapacity;
        mask = newCapacity - 1;
        UnsafeApi.putLong(header + HEADER_INDEX, index);
        UnsafeApi.putInt(header + HEADER_CAPACITY, capacity);
    }
}
