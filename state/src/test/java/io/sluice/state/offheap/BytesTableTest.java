package io.sluice.state.offheap;

import org.agrona.UnsafeApi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The off-heap table against a HashMap model over random operation sequences, and its memory after churn. */
class BytesTableTest {

    static LongStream seeds() {
        return LongStream.range(0, 24);
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
    @MethodSource("seeds")
    void behavesLikeAHashMap(long seed) {
        Random random = new Random(seed);
        // 0x7: every key has one of 8 slots and the same tag; 0xFFFF0007: one of 8 slots, tags apart
        int weakBits = seed % 3 == 0 ? 0x7 : seed % 3 == 1 ? 0xFFFF0007 : -1;
        int keySpace = 1 + random.nextInt(seed % 2 == 0 ? 50 : 3000);
        try (SlabAllocator memory = new SlabAllocator("test", 1L << 30)) {
            BytesTable table = new BytesTable(memory);
            Map<String, byte[]> model = new HashMap<>();
            try (Scratch scratch = new Scratch(memory)) {
                for (int op = 0; op < 20_000; op++) {
                    String k = "k" + random.nextInt(keySpace) + "x".repeat(random.nextInt(3) * 7);
                    byte[] key = k.getBytes();
                    int len = scratch.write(key);
                    int h = hash(key, weakBits);
                    switch (random.nextInt(10)) {
                        case 0, 1, 2, 3 -> {
                            byte[] value = new byte[random.nextInt(seed % 4 == 0 ? 400 : 40)];
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
