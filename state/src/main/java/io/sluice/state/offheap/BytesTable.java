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
 *
 * <p><b>Inline layout.</b> A table made by {@link #createInline} (or turned inline by
 * {@link #settleLayout}) keeps its entries in the index itself: each
 * slot is a 64-byte, cache-line-aligned entry of the same layout ({@link InlineSlots}), so a
 * lookup at a million keys is one cache miss instead of two (the slot, then the entry it points
 * to). Entries whose key and value fit in {@link #INLINE_ROOM} bytes stay there; the first one that
 * does not turns the table back to the pointer layout, for good. Entry addresses are slot addresses,
 * so everything that reads entries through the static accessors works unchanged. Copy on write
 * works on the whole slot block: it carries one stamp ({@code indexStamp}), and the first change
 * while a capture may read it copies the block, which is then freed through the epochs like an
 * entry. A capture's copy of such an index ({@link #copyIndex}) lists slot addresses in the block
 * it froze.
 */
public final class BytesTable {

    static final int HEADER_INDEX = 0;
    static final int HEADER_CAPACITY = 8;
    static final int HEADER_SIZE = 12;
    /** 0 for the pointer layout, else the inline layout's slot size. */
    static final int HEADER_STRIDE = 16;
    /** The snapshot write epoch the inline slot block was written in. */
    static final int HEADER_INDEX_STAMP = 20;
    static final int TABLE_HEADER_BYTES = 24;

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

    /** Key and value bytes an inline slot holds together. */
    static final int INLINE_ROOM = InlineSlots.ROOM;

    private final SlabAllocator memory;
    private final SnapshotEpochs epochs;
    private long header;
    private long index;
    private int capacity;
    private int mask;
    private int size;
    /** 0 for the pointer layout, else {@link InlineSlots#STRIDE}. */
    private int stride;
    /** Inline layout: the block's stamp, and where its first (line-aligned) slot is. */
    private int indexStamp;
    private long slots;
    /** Whether the state that owns this table chose its layout already (see {@link #settleLayout}). */
    private boolean settled;
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
        UnsafeApi.putInt(header + HEADER_STRIDE, 0);
        UnsafeApi.putInt(header + HEADER_INDEX_STAMP, 0);
        return header;
    }

    /** Points this view at the table whose header is at {@code header}. */
    public BytesTable wrap(long header) {
        this.header = header;
        this.index = UnsafeApi.getLong(header + HEADER_INDEX);
        this.capacity = UnsafeApi.getInt(header + HEADER_CAPACITY);
        this.mask = capacity - 1;
        this.size = UnsafeApi.getInt(header + HEADER_SIZE);
        this.stride = UnsafeApi.getInt(header + HEADER_STRIDE);
        this.indexStamp = UnsafeApi.getInt(header + HEADER_INDEX_STAMP);
        this.slots = stride == 0 ? 0 : InlineSlots.aligned(index);
        this.settled = false;
        return this;
    }

    /** Whether the entries are in the index itself (the inline layout). */
    public boolean isInline() {
        return stride != 0;
    }

    /**
     * Lets the owning state choose the layout once, the first time it writes to this table (which
     * may have been made by a restore): with {@code inline}, a pointer-layout table whose entries
     * all fit goes inline; otherwise, or when they do not fit, the table stays as it is. Later calls
     * do nothing, so a table that had to leave the inline layout does not come back.
     */
    public void settleLayout(boolean inline) {
        if (settled) {
            return;
        }
        settled = true;
        if (inline && stride == 0 && allFitInline()) {
            toInline();
        }
    }

    /** Whether the layout is chosen already. One field read: for the write path of the states. */
    public boolean settled() {
        return settled;
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
        if (stride != 0) {
            return InlineSlots.find(slots, mask, keyAddress, keyLength, hash);
        }
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
        if (stride != 0) {
            if (keyLength + valueLength <= INLINE_ROOM) {
                long entry = writableSlot(slot);
                UnsafeApi.putInt(entry + VALUE_LENGTH, valueLength);
                return entry;
            }
            toPointers();
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
     * length when it is taken ({@link KeyGroupSnapshot}), since the length changes here. Lists are
     * kept in the pointer layout: an inline table turns to it first.
     */
    public long append(long keyAddress, int keyLength, int hash, int valueLength) {
        if (stride != 0) {
            toPointers();
        }
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
        if (stride != 0) {
            if (keyLength + minCapacity <= INLINE_ROOM) {
                return writableSlot(slot);
            }
            toPointers();
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
     * capture may read it. No entry changes slot (even when an inline table turns to the pointer
     * layout), so a walk over the slots can go on.
     */
    public void rewriteAt(int slot, long source, int length) {
        long entry;
        if (stride != 0 && keyLength(InlineSlots.slot(slots, slot)) + length <= INLINE_ROOM) {
            entry = writableSlot(slot);
        } else {
            if (stride != 0) {
                toPointers();
            }
            entry = entryAt(slot);
            if (UnsafeApi.getInt(entry + VALUE_CAPACITY) < length || epochs.mustCopy(UnsafeApi.getInt(entry + STAMP))) {
                entry = moveKeepingLength(entry, slot, length);
            }
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
        long entry;
        if (stride != 0 && keyLength + valueLength <= INLINE_ROOM) {
            entry = writableSlot(slot);
            InlineSlots.write(entry, keyAddress, keyLength, hash, valueLength);
        } else {
            if (stride != 0) {
                toPointers(); // same slots, so the empty one found stays right
            }
            entry = newEntry(keyAddress, keyLength, hash, valueLength);
            setSlot(slot, entry, hash);
        }
        setSize(size + 1);
        if (size * LOAD_DENOMINATOR > capacity * LOAD_NUMERATOR) {
            resize(capacity << 1);
            if (stride != 0) {
                entry = InlineSlots.slot(slots, InlineSlots.find(slots, mask, keyAddress, keyLength, hash)); // it moved
            }
        }
        return entry;
    }

    /** Removes the key's entry; false if there was none. */
    public boolean remove(long keyAddress, int keyLength, int hash) {
        int slot = slotOf(keyAddress, keyLength, hash);
        if (slot < 0) {
            return false;
        }
        if (stride != 0) {
            makeBlockWritable(); // the removal shifts slots of the block
        } else {
            freeEntry(entryAt(slot));
        }
        removeAt(slot);
        return true;
    }

    /**
     * Takes the key's entry out of the table without freeing it and returns it, or 0 if there was
     * none. The caller, which still points at it, frees it later with {@link #freeDetached}; until
     * then its memory stays as it was, so a snapshot capture that copied the index before reads it
     * unchanged. From an inline table the entry is copied out to a block of its own first.
     */
    public long detach(long keyAddress, int keyLength, int hash) {
        int slot = slotOf(keyAddress, keyLength, hash);
        if (slot < 0) {
            return 0;
        }
        long entry;
        if (stride != 0) {
            entry = copyOut(writableSlot(slot));
        } else {
            entry = entryAt(slot);
        }
        removeAt(slot);
        return entry;
    }

    /** Empties {@code slot} (its entry freed or handed on already) and shrinks the index after churn. */
    private void removeAt(int slot) {
        removeSlot(slot);
        setSize(size - 1);
        if (capacity > MIN_CAPACITY && size * 8 < capacity) {
            resize(capacity >> 1); // give memory back after churn
        }
    }

    /** Frees an entry {@link #detach} returned from a table of {@code memory}, once nothing points at it. */
    public static void freeDetached(SlabAllocator memory, long entry) {
        free(memory.epochs(), entry);
    }

    /** Stamps one entry {@code stamp}: for a detached entry, which {@link #restamp} no longer reaches. */
    static void restampEntry(long entry, int stamp) {
        UnsafeApi.putInt(entry + STAMP, stamp);
    }

    /** Removes every entry and gives the memory back; the layout stays. */
    public void clear() {
        freeEntriesAndIndex();
        setSize(0);
        allocateIndex(MIN_CAPACITY, stride);
    }

    /** Frees the table, its entries and its header; the view is unusable until wrapped again. */
    public void release() {
        freeEntriesAndIndex();
        memory.free(header);
        header = 0;
        index = 0;
        slots = 0;
        capacity = 0;
        size = 0;
    }

    private void freeEntriesAndIndex() {
        if (stride != 0) {
            freeInlineBlock(); // its entries with it
            return;
        }
        for (int slot = 0; slot < capacity; slot++) {
            long entry = entryAt(slot);
            if (entry != 0) {
                freeEntry(entry);
            }
        }
        memory.free(index);
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

    /**
     * The address of the index slot a probe for {@code hash} starts at (for {@link #prefetch}), or 0
     * for an inline table, whose slots {@link #prefetch} cannot read as index words.
     */
    public long homeSlotAddress(int hash) {
        return stride != 0 ? 0 : index + ((long) (hash & mask) << 3);
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
        if (stride != 0) {
            return InlineSlots.entryAt(slots, slot);
        }
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

    /**
     * A copy of the index (entry addresses, 0 for empty slots): a snapshot's frozen view of the table.
     * For an inline table, the addresses of the used slots of the current block, which from now on
     * is only read: the first change while the capture holds it writes a new block.
     */
    public long[] copyIndex() {
        if (stride != 0) {
            return freezeInline().usedSlots();
        }
        long[] copy = new long[capacity];
        UnsafeApi.copyMemory(null, index, copy, UnsafeApi.arrayBaseOffset(long[].class), (long) capacity << 3);
        for (int i = 0; i < copy.length; i++) {
            copy[i] &= ADDRESS_MASK;
        }
        return copy;
    }

    /**
     * An inline table's slot block as a snapshot capture holds it, without reading it: from now on
     * the block is only read (the first change while the capture holds it writes a new block), so
     * the thread writing the capture can list its entries ({@link InlineSlots.Frozen#usedSlots}) while the
     * task goes on. The task's pause for a capture stays one small object per table.
     */
    InlineSlots.Frozen freezeInline() {
        if (stride == 0) {
            throw new IllegalStateException("the table is in the pointer layout");
        }
        return new InlineSlots.Frozen(slots, capacity);
    }

    /** Bytes of the index (with the entries in it, for an inline table), for memory accounting in tests and metrics. */
    public long indexBytes() {
        return (long) capacity * (stride != 0 ? stride : Long.BYTES);
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
        if (stride != 0) {
            setIndexStamp(stamp);
            return;
        }
        for (int slot = 0; slot < capacity; slot++) {
            long entry = entryAt(slot);
            if (entry != 0) {
                restampEntry(entry, stamp);
            }
        }
    }

    static boolean keyEquals(long entry, long keyAddress, int keyLength) {
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
        if (stride != 0) {
            InlineSlots.remove(slots, mask, gap);
            return;
        }
        int slot = gap;
        while (true) {
            slot = (slot + 1) & mask;
            long word = word(slot);
            if (word == 0) {
                break;
            }
            int home = UnsafeApi.getInt((word & ADDRESS_MASK) + HASH) & mask;
            if (!homeBetween(home, gap, slot)) {
                UnsafeApi.putLong(index + ((long) gap << 3), word); // with its tag
                gap = slot;
            }
        }
        UnsafeApi.putLong(index + ((long) gap << 3), 0L);
    }

    /** Whether {@code home} lies cyclically in {@code (gap, slot]}: then the entry may not move to the gap. */
    static boolean homeBetween(int home, int gap, int slot) {
        return gap <= slot ? (home > gap && home <= slot) : (home > gap || home <= slot);
    }

    private void resize(int newCapacity) {
        long oldIndex = index;
        long oldSlots = slots;
        int oldCapacity = capacity;
        int oldStamp = indexStamp;
        allocateIndex(newCapacity, stride);
        if (stride != 0) {
            InlineSlots.rehash(oldSlots, oldCapacity, slots, mask);
            epochs.freeEntry(oldIndex, oldStamp); // a capture may still read the old block
            return;
        }
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

    /** A new, empty index of {@code newCapacity} slots in the layout of {@code newStride}; the old one is the caller's. */
    private void allocateIndex(int newCapacity, int newStride) {
        long bytes = newStride != 0 ? InlineSlots.bytes(newCapacity) : (long) newCapacity << 3;
        if (bytes + InlineSlots.LINE_MASK > Integer.MAX_VALUE) {
            throw new IllegalStateException("state table index of " + newCapacity + " slots is too large");
        }
        index = memory.allocate((int) bytes);
        if (newStride != 0 && (index & InlineSlots.LINE_MASK) != 0) {
            // blocks of a page or less are aligned to their power-of-two size; a larger one may not be
            memory.free(index);
            bytes += InlineSlots.LINE_MASK;
            index = memory.allocate((int) bytes);
        }
        UnsafeApi.setMemory(index, bytes, (byte) 0);
        capacity = newCapacity;
        mask = newCapacity - 1;
        stride = newStride;
        slots = newStride == 0 ? 0 : InlineSlots.aligned(index);
        UnsafeApi.putLong(header + HEADER_INDEX, index);
        UnsafeApi.putInt(header + HEADER_CAPACITY, capacity);
        UnsafeApi.putInt(header + HEADER_STRIDE, stride);
        setIndexStamp(epochs.writeEpoch());
    }

    private void setIndexStamp(int stamp) {
        indexStamp = stamp;
        UnsafeApi.putInt(header + HEADER_INDEX_STAMP, stamp);
    }

    // ---- the inline layout

    /** Makes a new, empty table in the inline layout and returns its header address. */
    public static long createInline(SlabAllocator memory) {
        long header = create(memory);
        BytesTable view = new BytesTable(memory, header);
        view.toInline();
        return header;
    }

    /** The entry in {@code slot} of an inline table, ready to change ({@link #makeBlockWritable}). */
    private long writableSlot(int slot) {
        makeBlockWritable();
        return InlineSlots.slot(slots, slot);
    }

    /**
     * Before an inline table's block changes: when a snapshot capture may read it, the block is
     * copied first (the slots keep their places) and the old one is freed once no capture reads it.
     */
    private void makeBlockWritable() {
        if (epochs.mustCopy(indexStamp)) {
            long oldIndex = index;
            long oldSlots = slots;
            int oldStamp = indexStamp;
            allocateIndex(capacity, InlineSlots.STRIDE);
            UnsafeApi.copyMemory(oldSlots, slots, InlineSlots.bytes(capacity));
            epochs.freeEntry(oldIndex, oldStamp);
        }
    }

    /** A block of its own holding a copy of the inline entry at {@code inSlot}. */
    private long copyOut(long inSlot) {
        long entry = newEntry(keyAddress(inSlot), keyLength(inSlot), hashOf(inSlot), valueLength(inSlot));
        UnsafeApi.copyMemory(valueAddress(inSlot), valueAddress(entry), valueLength(inSlot));
        return entry;
    }

    /** Frees the inline block, through the epochs: a capture may still read its entries. */
    private void freeInlineBlock() {
        epochs.freeEntry(index, indexStamp);
    }

    private boolean allFitInline() {
        for (int slot = 0; slot < capacity; slot++) {
            long entry = entryAt(slot);
            if (entry != 0 && keyLength(entry) + valueLength(entry) > INLINE_ROOM) {
                return false;
            }
        }
        return true;
    }

    /** Moves a pointer-layout table whose entries all fit into the inline layout, each entry to its own slot. */
    private void toInline() {
        long oldIndex = index;
        int oldCapacity = capacity;
        allocateIndex(oldCapacity, InlineSlots.STRIDE);
        for (int slot = 0; slot < oldCapacity; slot++) {
            long entry = UnsafeApi.getLong(oldIndex + ((long) slot << 3)) & ADDRESS_MASK;
            if (entry != 0) {
                long inSlot = InlineSlots.slot(slots, slot);
                InlineSlots.write(inSlot, keyAddress(entry), keyLength(entry), hashOf(entry), valueLength(entry));
                UnsafeApi.copyMemory(valueAddress(entry), valueAddress(inSlot), valueLength(entry));
                freeEntry(entry);
            }
        }
        memory.free(oldIndex); // captures copy pointer indexes, never read them
    }

    /**
     * Moves an inline table to the pointer layout, each entry to a block of its own in the slot it
     * had, with its value length and room for its value; for good (an entry too large for a slot
     * came, or a list).
     */
    private void toPointers() {
        long oldIndex = index;
        long oldSlots = slots;
        int oldStamp = indexStamp;
        int oldCapacity = capacity;
        settled = true;
        allocateIndex(oldCapacity, 0);
        for (int slot = 0; slot < oldCapacity; slot++) {
            long inSlot = InlineSlots.slot(oldSlots, slot);
            if (InlineSlots.used(inSlot)) {
                setSlot(slot, copyOut(inSlot), hashOf(inSlot));
            }
        }
        epochs.freeEntry(oldIndex, oldStamp);
    }
}
