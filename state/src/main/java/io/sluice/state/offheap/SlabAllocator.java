package io.sluice.state.offheap;

import org.agrona.UnsafeApi;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hands out blocks of direct memory by size class and takes them back, for one task's state (single
 * threaded). Memory comes in pages ({@link #PAGE_SIZE}, aligned to their size, so a block's page is
 * found by masking its address); each page serves one size class and keeps its own free list inside
 * the free blocks. A page whose blocks are all free again is kept for reuse by any size class (at
 * most {@link #SPARE_PAGES} of them, or as many as there are pages in use, whichever is more) or
 * goes back to the operating system, so memory returns after churn without a page being freed and
 * allocated again at every boundary. Keeping up to as many as are in use lets the pages a
 * snapshot's copy on write gives back (a table's superseded slot blocks, once the capture is
 * written) serve the next capture's copies without the operating system zeroing fresh ones; it
 * does not raise the peak, which that copy on write reaches anyway, and spare pages go first when
 * the budget is short. The page a size class allocates from stays that class's page when it empties (counted among the spare pages), so a
 * block allocated and freed again and again at a page boundary takes no page and frees none.
 * Spare pages keep their {@code Page} object, so taking one again allocates nothing. Blocks larger
 * than a page get a direct buffer of their own.
 *
 * <p>The heap holds one small object per page, never one per entry. Memory is native memory from
 * Agrona's {@code UnsafeApi} (a page is carved, aligned, out of a reservation twice its size; the
 * unused half is never touched, so it costs address space, not memory). Addresses are raw native
 * addresses, valid until the block is freed.
 */
public final class SlabAllocator implements AutoCloseable {

    public static final int PAGE_SHIFT = 20;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    static final long PAGE_MASK = ~((long) PAGE_SIZE - 1);
    /** Block sizes: 16, 24, 32, 48, 64, 96, ... (steps of 1/2 then 1/3 of a power of two) up to a page. */
    static final int[] CLASS_SIZES = classSizes();
    /** Empty pages kept for reuse instead of being freed at once. */
    static final int SPARE_PAGES = 4;

    private final String owner;
    private final long budgetBytes;
    private final Page[] current = new Page[CLASS_SIZES.length];
    /** Pages with free blocks, per size class (besides {@link #current}). */
    private final List<List<Page>> withRoom = new ArrayList<>();
    private final Long2ObjectHashMap<Page> pages = new Long2ObjectHashMap<>();
    /** Blocks larger than a page: address → size. */
    private final Long2LongHashMap large = new Long2LongHashMap(0);
    /** Empty pages kept for reuse by any size class, a stack of {@code spareCount}. */
    private Page[] spare = new Page[SPARE_PAGES];
    private int spareCount;
    /**
     * Current pages of their size class with no block in use, kept as they are: at most
     * {@link #SPARE_PAGES}, and with the spare ones at most {@link #spareLimit}.
     */
    private int emptyCurrentPages;
    /** Pages taken for a size class so far (for tests of page churn). */
    private long pageAcquisitions;
    private long reservedBytes;
    private long usedBytes;
    private boolean closed;
    private final SnapshotEpochs epochs = new SnapshotEpochs(this);

    /** Where memory beyond the budget comes from, or null to fail at the budget. */
    private final SpillFile spill;
    /** Large blocks mapped from the spill file: address → size. */
    private final Long2LongHashMap largeSpilled = new Long2LongHashMap(0);

    /**
     * @param owner       what the memory is for, named in errors (e.g. operator and subtask)
     * @param budgetBytes most direct memory this allocator may reserve
     */
    public SlabAllocator(String owner, long budgetBytes) {
        this(owner, budgetBytes, null);
    }

    /**
     * @param spillDirectory where memory beyond the budget is mapped from a file, or null to fail
     *                       at the budget instead
     */
    public SlabAllocator(String owner, long budgetBytes, java.nio.file.Path spillDirectory) {
        this.owner = owner;
        this.budgetBytes = budgetBytes;
        this.spill = spillDirectory == null ? null : new SpillFile(spillDirectory, owner);
        for (int i = 0; i < CLASS_SIZES.length; i++) {
            withRoom.add(new ArrayList<>());
        }
    }

    private static int[] classSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (int base = 16; base < PAGE_SIZE; base <<= 1) {
            sizes.add(base);
            sizes.add(base + base / 2);
        }
        sizes.add(PAGE_SIZE);
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The size class serving {@code bytes}, or -1 for a block larger than a page. */
    static int sizeClass(int bytes) {
        if (bytes > PAGE_SIZE) {
            return -1;
        }
        int lo = 0;
        int hi = CLASS_SIZES.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (CLASS_SIZES[mid] >= bytes) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The usable size of a block asked for with {@code bytes}. */
    public static int blockSize(int bytes) {
        int c = sizeClass(bytes);
        return c < 0 ? bytes : CLASS_SIZES[c];
    }

    /** A block of at least {@code bytes} bytes (contents undefined). */
    public long allocate(int bytes) {
        if (closed) {
            throw new IllegalStateException("state memory of " + owner + " is closed");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + bytes);
        }
        int c = sizeClass(bytes);
        if (c < 0) {
            return allocateLarge(bytes);
        }
        Page page = current[c];
        if (page == null || !page.hasRoom()) {
            // before taking another page: blocks of captures written meanwhile may be free now
            if (epochs.retireWritten()) {
                page = current[c];
            }
            if (page == null || !page.hasRoom()) {
                page = pageWithRoom(c);
                current[c] = page;
            }
        }
        if (page.live == 0 && page.keptEmpty) {
            page.keptEmpty = false;
            emptyCurrentPages--;
        }
        long address = page.take();
        usedBytes += CLASS_SIZES[c];
        return address;
    }

    /** Which entries open snapshot captures read, and the entries freed while they may (task thread). */
    SnapshotEpochs epochs() {
        return epochs;
    }

    /**
     * Gives back a block from {@link #allocate}, at once: entries a snapshot capture may still read
     * are freed through {@link SnapshotEpochs#freeEntry} instead.
     */
    public void free(long address) {
        freeNow(address);
    }

    private void freeNow(long address) {
        Page page = pages.get(address & PAGE_MASK);
        if (page == null && largeSpilled.containsKey(address)) {
            long size = largeSpilled.remove(address);
            usedBytes -= size;
            spill.giveBack(address, size);
            return;
        }
        if (page == null) {
            long size = large.remove(address);
            if (size == 0) {
                throw new IllegalArgumentException("address " + Long.toHexString(address) + " was not allocated here");
            }
            reservedBytes -= size;
            NativeMemory.released(size);
            usedBytes -= size;
            UnsafeApi.freeMemory(address);
            return;
        }
        int blockSize = CLASS_SIZES[page.sizeClass];
        boolean hadRoom = page.hasRoom();
        page.give(address);
        usedBytes -= blockSize;
        if (page.live == 0) {
            if (current[page.sizeClass] == page && emptyCurrentPages < SPARE_PAGES
                    && spareCount + emptyCurrentPages < spareLimit()) {
                page.keptEmpty = true; // the next block of its class comes from it again: no churn at a boundary
                emptyCurrentPages++;
            } else {
                release(page);
            }
            keepSparesWithin(spareLimit() - emptyCurrentPages); // fewer pages in use now: fewer kept
        } else if (!hadRoom && current[page.sizeClass] != page) {
            withRoom.get(page.sizeClass).add(page);
        }
    }

    /** Direct memory reserved from the operating system (what {@link NativeMemory} adds up over allocators). */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** Pages taken for a size class so far, new or spare. */
    long pageAcquisitions() {
        return pageAcquisitions;
    }

    /** Bytes in blocks handed out and not freed. */
    public long usedBytes() {
        return usedBytes;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Page p : pages.values()) {
            if (!p.spilled) {
                UnsafeApi.freeMemory(p.raw);
            }
        }
        large.forEach((address, size) -> UnsafeApi.freeMemory(address));
        for (int i = 0; i < spareCount; i++) {
            UnsafeApi.freeMemory(spare[i].raw);
            spare[i] = null;
        }
        spareCount = 0;
        emptyCurrentPages = 0;
        pages.clear();
        large.clear();
        largeSpilled.clear();
        NativeMemory.released(reservedBytes);
        reservedBytes = 0;
        usedBytes = 0;
        if (spill != null) {
            spill.close();
        }
    }

    /** Bytes of the spill file mapped so far (0 when spilling is off or not needed yet). */
    public long spilledBytes() {
        return spill == null ? 0 : spill.mappedBytes();
    }

    private Page pageWithRoom(int c) {
        List<Page> candidates = withRoom.get(c);
        while (!candidates.isEmpty()) {
            Page p = candidates.remove(candidates.size() - 1);
            if (p.hasRoom() && p.sizeClass == c && pages.get(p.base) == p) {
                return p;
            }
        }
        Page p;
        if (spareCount > 0) {
            p = takeSpare();
            p.serve(c);
        } else if (spill != null && reservedBytes + PAGE_SIZE > budgetBytes) {
            p = new Page(underTag(spill.map(2L * PAGE_SIZE)), c, true); // beyond the budget: memory mapped from the spill file
        } else {
            reserve(PAGE_SIZE);
            p = new Page(underTag(UnsafeApi.allocateMemory(2L * PAGE_SIZE)), c, false);
        }
        pages.put(p.base, p);
        pageAcquisitions++;
        return p;
    }

    /** {@code address}, checked to leave the tag bits of a table's index word free ({@link BytesTable#TAG_SHIFT}). */
    private static long underTag(long address) {
        if (!BytesTable.fitsUnderTag(address)) {
            throw new IllegalStateException("native memory at 0x" + Long.toHexString(address) + " lies above 2^48,"
                    + " where the off-heap state backend keeps hash bits in its index; run on a kernel or"
                    + " allocator that maps user memory below 2^48 (the default on x86-64 and AArch64 Linux)");
        }
        return address;
    }

    private long allocateLarge(int bytes) {
        long size = align(bytes);
        makeRoom(size);
        if (spill != null && reservedBytes + size > budgetBytes) {
            long address = underTag(spill.map(size));
            largeSpilled.put(address, size);
            usedBytes += size;
            return address;
        }
        reserve(size);
        long address = underTag(UnsafeApi.allocateMemory(size));
        large.put(address, size);
        usedBytes += size;
        return address;
    }

    private void release(Page page) {
        pages.remove(page.base);
        withRoom.get(page.sizeClass).remove(page);
        if (current[page.sizeClass] == page) {
            current[page.sizeClass] = null;
        }
        if (page.spilled) {
            spill.giveBack(page.raw, 2L * PAGE_SIZE);
        } else if (spareCount + emptyCurrentPages < spareLimit()) {
            if (spareCount == spare.length) {
                spare = Arrays.copyOf(spare, spare.length * 2);
            }
            spare[spareCount++] = page;
        } else {
            giveBack(page);
        }
    }

    /** Empty pages kept at most: {@link #SPARE_PAGES}, or as many as hold blocks if that is more. */
    private int spareLimit() {
        return Math.max(SPARE_PAGES, pages.size() - emptyCurrentPages);
    }

    private Page takeSpare() {
        Page p = spare[--spareCount];
        spare[spareCount] = null;
        return p;
    }

    /** Returns a page that is no longer in {@link #pages} to the operating system. */
    private void giveBack(Page page) {
        reservedBytes -= PAGE_SIZE;
        NativeMemory.released(PAGE_SIZE);
        UnsafeApi.freeMemory(page.raw);
    }

    /** Gives spare pages back while {@code bytes} more would exceed the budget. */
    private void makeRoom(long bytes) {
        while (spareCount > 0 && reservedBytes + bytes > budgetBytes) {
            giveBack(takeSpare());
        }
    }

    /** Gives spare pages back to the operating system until at most {@code count} are kept. */
    private void keepSparesWithin(int count) {
        while (spareCount > Math.max(count, 0)) {
            giveBack(takeSpare());
        }
    }

    private void reserve(long bytes) {
        if (reservedBytes + bytes > budgetBytes) {
            throw new MemoryBudgetExceededException("keyed state of " + owner + " needs more than its budget of "
                    + budgetBytes + " bytes (" + reservedBytes + " reserved, " + usedBytes + " in use, " + bytes
                    + " more asked): raise state.memory-per-task, set state.inline-values=false (small values then"
                    + " take about half the memory), or set state.spill-to-disk=true to keep state beyond it in"
                    + " memory-mapped files under state.directory");
        }
        reservedBytes += bytes;
        NativeMemory.reserved(bytes);
    }

    private static int align(int bytes) {
        return (bytes + 63) & ~63;
    }

    /** One page of one size class: bump allocation first, then a free list threaded through free blocks. */
    private static final class Page {
        /** The reservation (twice a page), freed as a whole. */
        final long raw;
        /** The aligned page inside it. */
        final long base;
        /** Mapped from the spill file rather than allocated. */
        final boolean spilled;
        int sizeClass;
        int blockSize;
        int blocks;
        int bumped;
        long freeList;
        int live;
        /** The current page of its class with no block in use, counted in {@link #emptyCurrentPages}. */
        boolean keptEmpty;

        Page(long raw, int sizeClass, boolean spilled) {
            this.raw = raw;
            this.spilled = spilled;
            this.base = (raw + PAGE_SIZE - 1) & PAGE_MASK;
            serve(sizeClass);
        }

        /** Makes this empty page serve {@code sizeClass}, from its first block. */
        void serve(int sizeClass) {
            this.sizeClass = sizeClass;
            this.blockSize = CLASS_SIZES[sizeClass];
            this.blocks = PAGE_SIZE / blockSize;
            this.bumped = 0;
            this.freeList = 0;
            this.live = 0;
            this.keptEmpty = false;
        }

        boolean hasRoom() {
            return freeList != 0 || bumped < blocks;
        }

        long take() {
            long address;
            if (freeList != 0) {
                address = freeList;
                freeList = UnsafeApi.getLong(address);
            } else {
                address = base + (long) bumped * blockSize;
                bumped++;
            }
            live++;
            return address;
        }

        void give(long address) {
            UnsafeApi.putLong(address, freeList);
            freeList = address;
            live--;
        }
    }
}
