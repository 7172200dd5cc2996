package io.sluice.state.offheap;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static io.sluice.state.offheap.SlabAllocator.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Churn at a page boundary: a block allocated and freed again and again where a page has just
 * filled takes no page and frees none, and taking spare pages again allocates nothing on the heap.
 */
class SlabAllocatorTest {

    private static final long BUDGET = 64L << 20;
    private static final int BLOCK = 4096;
    private static final int ROUNDS = 20_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void aBlockAllocatedAndFreedAtAPageBoundaryTakesNoPageAgain() {
        try (SlabAllocator memory = new SlabAllocator("boundary", BUDGET)) {
            for (int i = 0; i < PAGE_SIZE / BLOCK; i++) {
                memory.allocate(BLOCK); // fills the first page exactly
            }
            long reserved = memory.reservedBytes();
            long before = memory.pageAcquisitions();
            for (int i = 0; i < ROUNDS; i++) {
                memory.free(memory.allocate(BLOCK)); // the only block of the next page
            }
            assertThat(memory.pageAcquisitions() - before).as("pages taken over %d rounds", ROUNDS).isEqualTo(1);
            assertThat(memory.reservedBytes()).isEqualTo(reserved + PAGE_SIZE);
        }
    }

    @Test
    void churnAcrossPageBoundariesAllocatesNothingOnTheHeap() {
        try (SlabAllocator memory = new SlabAllocator("churn", BUDGET)) {
            long[] blocks = new long[SlabAllocator.SPARE_PAGES * (PAGE_SIZE / BLOCK)];
            churn(memory, blocks); // warms up the code and takes the pages once
            churn(memory, blocks);
            long reserved = memory.reservedBytes();
            long before = allocatedBytes();
            for (int round = 0; round < 50; round++) {
                churn(memory, blocks); // fills as many pages as are kept spare, then empties them
            }
            long allocated = allocatedBytes() - before;
            assertThat(allocated).as("heap bytes allocated over 50 rounds of %d pages", SlabAllocator.SPARE_PAGES)
                    .isLessThan(1024);
            assertThat(memory.reservedBytes()).isEqualTo(reserved);
        }
    }

    private static void churn(SlabAllocator memory, long[] blocks) {
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = memory.allocate(BLOCK);
        }
        for (long b : blocks) {
            memory.free(b);
        }
    }

    @Test
    void emptyPagesKeptAsCurrentCountAmongTheSparePages() {
        long before = NativeMemory.reservedBytes();
        try (SlabAllocator memory = new SlabAllocator("spares", BUDGET)) {
            int classes = SlabAllocator.SPARE_PAGES + 3;
            long[] blocks = new long[classes];
            for (int c = 0; c < classes; c++) {
                blocks[c] = memory.allocate(SlabAllocator.CLASS_SIZES[c]); // one page per size class
            }
            for (long b : blocks) {
                memory.free(b);
            }
            assertThat(memory.reservedBytes()).as("empty pages kept").isEqualTo((long) SlabAllocator.SPARE_PAGES * PAGE_SIZE);
            assertThat(NativeMemory.reservedBytes() - before).isEqualTo(memory.reservedBytes());
        }
        assertThat(NativeMemory.reservedBytes()).isEqualTo(before);
    }

    /**
     * As a snapshot's copy on write does with a table's slot blocks: blocks are copied to new pages,
     * the old ones freed once the capture is written, and the next capture copies again. The pages
     * freed are kept (as many as are in use) and serve the next copies, so no new memory is reserved;
     * they go back when the blocks are gone, and first when a block needs their room in the budget.
     */
    @Test
    void pagesFreedByOneCopyServeTheNextWithoutReservingMore() {
        int blocks = 4 * SlabAllocator.SPARE_PAGES;
        try (SlabAllocator memory = new SlabAllocator("copies", (2L * blocks + blocks / 2) * PAGE_SIZE)) {
            long[] live = new long[blocks];
            for (int i = 0; i < blocks; i++) {
                live[i] = memory.allocate(PAGE_SIZE);
            }
            long reservedAfterFirstCopy = 0;
            for (int round = 0; round < 5; round++) {
                long[] copies = new long[blocks];
                for (int i = 0; i < blocks; i++) {
                    copies[i] = memory.allocate(PAGE_SIZE);
                }
                for (long b : live) {
                    memory.free(b); // the capture is written: the superseded blocks go
                }
                live = copies;
                if (round == 0) {
                    reservedAfterFirstCopy = memory.reservedBytes();
                }
                assertThat(memory.reservedBytes()).as("reserved after round %d", round).isEqualTo(reservedAfterFirstCopy)
                        .isEqualTo(2L * blocks * PAGE_SIZE);
            }
            long large = memory.allocate(blocks * PAGE_SIZE + 1); // needs the room the spare pages hold
            assertThat(memory.reservedBytes()).isLessThanOrEqualTo(memory.budgetBytes());
            memory.free(large);
            for (long b : live) {
                memory.free(b);
            }
            assertThat(memory.reservedBytes()).as("spare pages left once the blocks are gone")
                    .isLessThanOrEqualTo((long) SlabAllocator.SPARE_PAGES * PAGE_SIZE);
        }
    }
}
