package io.sluice.state.offheap;

import org.agrona.UnsafeApi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The off-heap table against a HashMap model over random operation sequences, and its memory after churn. */
class BytesTableTest {

    static LongStream seeds() {
        return LongStream.range(0, 24);
    }

    /** How a model run lays the table out. */
    enum Layout {
        /** Entries in blocks of their own, the index holding their addresses. */
        POINTERS,
        /** Entries in the index, and every value small enough to stay there. */
        INLINE,
        /** Entries in the index until a value too large for a slot comes, at a random point of the run. */
        INLINE_UNTIL_TOO_LARGE
    }

    static Stream<Arguments> seedsAndLayouts() {
        return seeds().boxed().flatMap(seed -> Stream.of(Layout.values()).map(layout -> Arguments.of(seed, layout)));
    }

    /** A scratch block holding one key for the probe calls. */
    private static final class Scratch implements AutoCloseable {
        final SlabAllocator memory;
        final long address;

        Scratch(SlabAllocator memory) {
            this.memory = memory;
            this.address = memory.allocate(4096);
        }

        int write(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                UnsafeApi.putByte(address + i, bytes[i]);
            }
            return bytes.length;
        }

        @Override
        public void close() {
            memory.free(address);
        }
    }

    private static byte[] read(long address, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = UnsafeApi.getByte(address + i);
        }
        return out;
    }

    private static int hash(byte[] key, int weakBits) {
        // a deliberately weak hash for some seeds, so long probe runs and wrap-around are exercised
        return Arrays.hashCode(key) & weakBits;
    }

    @ParameterizedTest
    @MethodSource("seedsAndLayouts")
    void behavesLikeAHashMap(long seed, Layout layout) {
        Random random = new Random(seed);
        // 0x7: every key has one of 8 slots and the same tag; 0xFFFF0007: one of 8 slots, tags apart
        int weakBits = seed % 3 == 0 ? 0x7 : seed % 3 == 1 ? 0xFFFF0007 : -1;
        int keySpace = 1 + random.nextInt(seed % 2 == 0 ? 50 : 3000);
        try (SlabAllocator memory = new SlabAllocator("test", 1L << 30)) {
            BytesTable table = new BytesTable(memory, layout == Layout.POINTERS ? BytesTable.create(memory)
                    : BytesTable.createInline(memory));
            Map<String, byte[]> model = new HashMap<>();
            int tooLargeFrom = layout == Layout.INLINE_UNTIL_TOO_LARGE ? random.nextInt(20_000) : Integer.MAX_VALUE;
            boolean tooLargeCame = false;
            try (Scratch scratch = new Scratch(memory)) {
                for (int op = 0; op < 20_000; op++) {
                    String k = "k" + random.nextInt(keySpace) + "x".repeat(random.nextInt(3) * 7);
                    byte[] key = k.getBytes();
                    int len = scratch.write(key);
                    int h = hash(key, weakBits);
                    switch (random.nextInt(10)) {
                        case 0, 1, 2, 3 -> {
                            int bound = layout == Layout.POINTERS ? (seed % 4 == 0 ? 400 : 40)
                                    : op < tooLargeFrom ? BytesTable.INLINE_ROOM - len + 1 : 400;
                            byte[] value = new byte[random.nextInt(bound)];
                            tooLargeCame |= len + value.length > BytesTable.INLINE_ROOM;
                            random.nextBytes(value);
                            long e = table.put(scratch.address, len, h, value.length);
                            for (int i = 0; i < value.length; i++) {
                                UnsafeApi.putByte(BytesTable.valueAddress(e) + i, value[i]);
                            }
                            model.put(k, value);
                        }
                        case 4, 5 -> assertThat(table.remove(scratch.address, len, h)).isEqualTo(model.remove(k) != null);
                        case 6 -> {
                            if (random.nextInt(200) == 0) {
                                table.clear();
                                model.clear();
                            }
                        }
                        default -> {
                            long e = table.find(scratch.address, len, h);
                            byte[] expected = model.get(k);
                            if (expected == null) {
                                assertThat(e).isZero();
                            } else {
                                assertThat(e).isNotZero();
                                assertThat(read(BytesTable.valueAddress(e), BytesTable.valueLength(e))).isEqualTo(expected);
                            }
                        }
                    }
                    assertThat(table.size()).isEqualTo(model.size());
                    assertThat(table.isInline()).as("inline until a value too large came")
                            .isEqualTo(layout != Layout.POINTERS && !tooLargeCame);
                }
                Map<String, byte[]> seen = new HashMap<>();
                try {
                    table.forEach(e -> seen.put(new String(read(BytesTable.keyAddress(e), BytesTable.keyLength(e))),
                            read(BytesTable.valueAddress(e), BytesTable.valueLength(e))));
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
                assertThat(seen.keySet()).isEqualTo(model.keySet());
                model.forEach((k, v) -> assertThat(seen.get(k)).as(k).isEqualTo(v));
                long[] frozen = table.copyIndex(); // what a snapshot reads: entry addresses alone
                long entries = Arrays.stream(frozen).filter(e -> e != 0).count();
                assertThat(entries).isEqualTo(model.size());
                for (long e : frozen) {
                    if (e != 0) {
                        assertThat(table.find(BytesTable.keyAddress(e), BytesTable.keyLength(e), BytesTable.hashOf(e)))
                                .isEqualTo(e);
                    }
                }
                // a walk that gathers the slots in runs of any length sees every entry once, with its slot
                long[] gathered = new long[Math.max(1, frozen.length)];
                int[] slots = new int[gathered.length];
                for (int from = 0, n = 0; from < frozen.length; from += n) {
                    n = 1 + random.nextInt(40);
                    int to = Math.min(from + n, frozen.length);
                    int count = table.gather(from, to, gathered, slots);
                    long[] expected = Arrays.stream(frozen, from, to).filter(e -> e != 0).toArray();
                    assertThat(Arrays.copyOf(gathered, count)).as("entries of slots [%d, %d)", from, to).isEqualTo(expected);
                    for (int i = 0; i < count; i++) {
                        assertThat(slots[i]).isBetween(from, to - 1);
                        assertThat(table.entryAt(slots[i])).isEqualTo(gathered[i]);
                    }
                }
            }
            table.release();
            assertThat(memory.usedBytes()).isZero();
        }
    }

    /**
     * A probe reads only entries whose slot tag (the hash's upper 16 bits) matches: here an entry in
     * the probed slot is made to look, in its own bytes, exactly like the key looked up, but its slot
     * still carries its real hash's tag, so the lookup passes over it and finds nothing.
     */
    @Test
    void probePassesOverAnEntryWhoseTagDiffersWithoutReadingIt() {
        try (SlabAllocator memory = new SlabAllocator("test", 1L << 30); Scratch scratch = new Scratch(memory)) {
            BytesTable table = new BytesTable(memory);
            int home = 5;
            int storedHash = 0x1234_0000 | home;
            int soughtHash = 0x5678_0000 | home; // same slot, another tag
            long stored = table.put(scratch.address, scratch.write("stored".getBytes()), storedHash, 8);
            int len = scratch.write("sought".getBytes());
            assertThat(table.find(scratch.address, len, soughtHash)).isZero();

            // disguise the stored entry as the sought key: only its slot's tag still tells them apart
            UnsafeApi.putInt(stored + BytesTable.HASH, soughtHash);
            UnsafeApi.copyMemory(scratch.address, BytesTable.keyAddress(stored), len);
            assertThat(table.find(scratch.address, len, soughtHash)).as("lookup past a slot of another tag").isZero();

            UnsafeApi.putInt(stored + BytesTable.HASH, storedHash); // the entry's own hash back, for release
            table.release();
        }
    }

    /**
     * An inline table's block that a snapshot capture holds is copied once, at the first change, and
     * the capture reads every entry as it was, through changes, removals and a resize; once the
     * capture is written, the old blocks go back.
     */
    @Test
    void anInlineBlockACaptureHoldsIsCopiedOnceAndReadUnchanged() {
        try (SlabAllocator memory = new SlabAllocator("test", 1L << 30); Scratch scratch = new Scratch(memory)) {
            BytesTable table = new BytesTable(memory, BytesTable.createInline(memory));
            int keys = 1_000;
            for (long k = 0; k < keys; k++) {
                putLong(table, scratch, k, k);
            }
            SnapshotEpochs epochs = memory.epochs();
            long copiesBefore = epochs.copies();
            SnapshotEpochs.Capture capture = epochs.open();
            long[] frozen = table.copyIndex();

            for (long k = 0; k < keys; k++) {
                putLong(table, scratch, k, -k);
            }
            for (long k = 0; k < keys; k += 2) {
                UnsafeApi.putLong(scratch.address, k);
                assertThat(table.remove(scratch.address, 8, hashOfLong(k))).isTrue();
            }
            for (long k = keys; k < 6L * keys; k++) { // the index doubles, twice
                putLong(table, scratch, k, -k);
            }

            assertThat(epochs.copies() - copiesBefore).as("one copy of the block, at the first change").isEqualTo(1);
            Map<Long, Long> seen = new HashMap<>();
            for (long e : frozen) {
                if (e != 0) {
                    assertThat(BytesTable.keyLength(e)).isEqualTo(8);
                    seen.put(UnsafeApi.getLong(BytesTable.keyAddress(e)), UnsafeApi.getLong(BytesTable.valueAddress(e)));
                }
            }
            Map<Long, Long> expected = new HashMap<>();
            for (long k = 0; k < keys; k++) {
                expected.put(k, k);
            }
            assertThat(seen).as("what the capture reads").isEqualTo(expected);
            for (long k = 0; k < 6L * keys; k++) {
                UnsafeApi.putLong(scratch.address, k);
                long e = table.find(scratch.address, 8, hashOfLong(k));
                if (k < keys && k % 2 == 0) {
                    assertThat(e).isZero();
                } else {
                    assertThat(UnsafeApi.getLong(BytesTable.valueAddress(e))).isEqualTo(-k);
                }
            }
            assertThat(table.isInline()).isTrue();

            assertThat(epochs.deferredEntries()).as("the blocks the capture reads are kept").isGreaterThanOrEqualTo(1);
            capture.written();
            assertThat(epochs.retireWritten()).isTrue();
            assertThat(epochs.deferredEntries()).isZero();
            table.release();
            assertThat(memory.usedBytes()).as("everything but the scratch block is back").isEqualTo(4096);
        }
    }

    @Test
    void anEntryDetachedFromAnInlineTableKeepsItsBytesUntilFreed() {
        try (SlabAllocator memory = new SlabAllocator("test", 1L << 30); Scratch scratch = new Scratch(memory)) {
            BytesTable table = new BytesTable(memory, BytesTable.createInline(memory));
            for (long k = 0; k < 100; k++) {
                putLong(table, scratch, k, k * 10);
            }
            UnsafeApi.putLong(scratch.address, 42L);
            long detached = table.detach(scratch.address, 8, hashOfLong(42L));
            assertThat(table.find(scratch.address, 8, hashOfLong(42L))).isZero();
            assertThat(table.size()).isEqualTo(99);
            for (long k = 100; k < 400; k++) { // slots move and the index grows: the detached entry does not
                putLong(table, scratch, k, k * 10);
            }
            assertThat(UnsafeApi.getLong(BytesTable.keyAddress(detached))).isEqualTo(42L);
            assertThat(UnsafeApi.getLong(BytesTable.valueAddress(detached))).isEqualTo(420L);
            BytesTable.freeDetached(memory, detached);
            table.release();
            assertThat(memory.usedBytes()).isEqualTo(4096);
        }
    }

    private static int hashOfLong(long k) {
        return Long.hashCode(k * 0x9E3779B97F4A7C15L);
    }

    private static void putLong(BytesTable table, Scratch scratch, long key, long value) {
        UnsafeApi.putLong(scratch.address, key);
        long e = table.put(scratch.address, 8, hashOfLong(key), 8);
        UnsafeApi.putLong(BytesTable.valueAddress(e), value);
    }

    @Test
    void memoryReturnsAfterChurn() {
        try (SlabAllocator memory = new SlabAllocator("churn", 1L << 32);
             Scratch scratch = new Scratch(memory)) {
            BytesTable table = new BytesTable(memory);
            long start = memory.reservedBytes();
            long peak = 0;
            for (int round = 0; round < 3; round++) {
                for (long k = 0; k < 1_000_000; k++) {
                    UnsafeApi.putLong(scratch.address, k * 0x9E3779B97F4A7C15L);
                    long e = table.put(scratch.address, 8, Long.hashCode(k * 0x9E3779B97F4A7C15L), 8);
                    UnsafeApi.putLong(BytesTable.valueAddress(e), k);
                }
                assertThat(table.size()).isEqualTo(1_000_000);
                peak = Math.max(peak, memory.reservedBytes());
                for (long k = 0; k < 1_000_000; k++) {
                    UnsafeApi.putLong(scratch.address, k * 0x9E3779B97F4A7C15L);
                    assertThat(table.remove(scratch.address, 8, Long.hashCode(k * 0x9E3779B97F4A7C15L))).isTrue();
                }
                assertThat(table.size()).isZero();
                // back to near the start: at most a page per size class still in use
                assertThat(memory.reservedBytes() - start).isLessThanOrEqualTo(4L * SlabAllocator.PAGE_SIZE);
            }
            assertThat(peak).as("a million 8-byte pairs take real memory").isGreaterThan(32L * 1_000_000);
            table.release();
        }
    }

    @Test
    void budgetIsEnforcedWithAMessageThatNamesOwnerAndSetting() {
        try (SlabAllocator memory = new SlabAllocator("window (2/4)", 3L * SlabAllocator.PAGE_SIZE);
             Scratch scratch = new Scratch(memory)) {
            BytesTable table = new BytesTable(memory);
            assertThatThrownBy(() -> {
                for (long k = 0; ; k++) {
                    UnsafeApi.putLong(scratch.address, k);
                    table.put(scratch.address, 8, Long.hashCode(k * 31), 100);
                }
            }).isInstanceOf(MemoryBudgetExceededException.class)
                    .hasMessageContaining("window (2/4)")
                    .hasMessageContaining("state.memory-per-task");
        }
    }

    @Test
    void sizeClassesCoverEverySizeUpToAPage() {
        for (int bytes = 1; bytes <= SlabAllocator.PAGE_SIZE; bytes += bytes < 4096 ? 1 : 977) {
            int c = SlabAllocator.sizeClass(bytes);
            assertThat(SlabAllocator.CLASS_SIZES[c]).isGreaterThanOrEqualTo(bytes);
            if (c > 0) {
                assertThat(SlabAllocator.CLASS_SIZES[c - 1]).isLessThan(bytes);
            }
        }
        assertThat(SlabAllocator.sizeClass(SlabAllocator.PAGE_SIZE + 1)).isEqualTo(-1);
    }
}
