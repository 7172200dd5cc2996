package io.sluice.state.offheap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Native memory reserved by every {@link SlabAllocator} of the process, for metrics. Allocators
 * update it only when they reserve memory from the operating system or give it back (a page of
 * {@link SlabAllocator#PAGE_SIZE} bytes or a block larger than a page), never per entry; any
 * thread may read it.
 *
 * <p>An {@link AtomicLong} is enough: updates come at most once per megabyte of state, so the
 * allocating threads never contend on it in a way that matters, and readers get an exact figure.
 * Memory mapped from spill files is not counted: it is backed by a file, not reserved memory.
 */
public final class NativeMemory {

    private static final AtomicLong RESERVED_BYTES = new AtomicLong();

    private NativeMemory() {
    }

    /** Bytes of native memory the off-heap state of every job in this process holds now. */
    public static long reservedBytes() {
        return RESERVED_BYTES.get();
    }

    static void reserved(long bytes) {
        RESERVED_BYTES.addAndGet(bytes);
    }

    static void released(long bytes) {
        RESERVED_BYTES.addAndGet(-bytes);
    }
}
