package io.sluice.state.offheap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

import static io.sluice.state.offheap.SlabAllocator.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

/** The process-wide figure of native state memory follows what allocators reserve and give back. */
class NativeMemoryTest {

    private static final long BUDGET = 64L * PAGE_SIZE;

    @TempDir
    Path dir;

    @Test
    void shouldCountPagesAndLargeBlocksWhenReservedAndGivenBack() {
        long before = NativeMemory.reservedBytes();
        SlabAllocator memory = new SlabAllocator("test", BUDGET);
        long small = memory.allocate(40);
        assertThat(NativeMemory.reservedBytes() - before).isEqualTo(PAGE_SIZE).isEqualTo(memory.reservedBytes());
        memory.allocate(48); // same page
        assertThat(NativeMemory.reservedBytes() - before).isEqualTo(PAGE_SIZE);

        long large = memory.allocate(2 * PAGE_SIZE + 1);
        assertThat(NativeMemory.reservedBytes() - before).isEqualTo(memory.reservedBytes())
                .isGreaterThan(3L * PAGE_SIZE);
        memory.free(large);
        assertThat(NativeMemory.reservedBytes() - before).isEqualTo(PAGE_SIZE);

        memory.free(small);
        memory.close();
        assertThat(NativeMemory.reservedBytes()).isEqualTo(before);
    }

    @Test
    void shouldKeepSparePagesCountedAndReleaseTheRest() {
        long before = NativeMemory.reservedBytes();
        SlabAllocator memory = new SlabAllocator("test", BUDGET);
        int pages = SlabAllocator.SPARE_PAGES + 3;
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            blocks.add(memory.allocate(PAGE_SIZE)); // one block per page
        }
        assertThat(NativeMemory.reservedBytes() - before).isEqualTo((long) pages * PAGE_SIZE);
        for (long b : blocks) {
            memory.free(b);
        }
        // empty pages kept for reuse are still reserved; the others went back to the operating system
        assertThat(NativeMemory.reservedBytes() - before).isEqualTo((long) SlabAllocator.SPARE_PAGES * PAGE_SIZE)
                .isEqualTo(memory.reservedBytes());
        memory.close();
        assertThat(NativeMemory.reservedBytes()).isEqualTo(before);
    }

    @Test
    void shouldNotCountMemoryMappedFromTheSpillFile() {
        long before = NativeMemory.reservedBytes();
        SlabAllocator memory = new SlabAllocator("test", PAGE_SIZE, dir);
        for (int i = 0; i < 3; i++) {
            memory.allocate(PAGE_SIZE);
        }
        assertThat(memory.spilledBytes()).isPositive();
        assertThat(NativeMemory.reservedBytes() - before).isEqualTo(PAGE_SIZE);
        memory.close();
        assertThat(NativeMemory.reservedBytes()).isEqualTo(before);
    }

    @Test
    void shouldStayExactWhileAllocatorsOnManyThreadsReserveAndFree() throws Exception {
        long before = NativeMemory.reservedBytes();
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try (SlabAllocator memory = new SlabAllocator("stress", BUDGET)) {
                    start.await();
                    for (int round = 0; round < 200; round++) {
                        List<Long> blocks = new ArrayList<>();
                        for (int i = 0; i < SlabAllocator.SPARE_PAGES + 2; i++) {
                            blocks.add(memory.allocate(PAGE_SIZE));
                        }
                        long large = memory.allocate(PAGE_SIZE + 1);
                        for (long b : blocks) {
                            memory.free(b);
                        }
                        memory.free(large);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            all.add(thread);
        }
        for (Thread thread : all) {
            thread.join(60_000);
            assertThat(thread.isAlive()).as("allocating thread ended").isFalse();
        }
        assertThat(failure.get()).isNull();
        assertThat(NativeMemory.reservedBytes()).isEqualTo(before);
    }
}
