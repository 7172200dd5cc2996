package io.sluice.runtime.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer/single-consumer ring of preallocated {@link StreamElement} slots: the
 * channel between one upstream and one downstream subtask. Exactly one thread offers and exactly
 * one thread polls (they may be the same thread).
 *
 * <p>The producer writes a slot with plain stores and publishes it with a release store of
 * {@code tail}; the consumer reads {@code tail} with acquire, reads the slot, and frees it with a
 * release store of {@code head}. Each side caches the other's counter and re-reads it only when the
 * cache says full (producer) or empty (consumer), so the shared cache lines are touched rarely.
 */
public final class OneToOneRing {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(OneToOneRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(OneToOneRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StreamElement[] slots;
    private final int mask;

    // Padding keeps the consumer's and the producer's hot fields on separate cache lines.
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    /** Next slot to poll. Written by the consumer (release), read by the producer (acquire). */
    private volatile long head;
    /** Consumer-local copy of {@code tail}. Plain: consumer thread only. */
    private long tailCache;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    /** Next slot to fill. Written by the producer (release), read by the consumer (acquire). */
    private volatile long tail;
    /** Producer-local copy of {@code head}. Plain: producer thread only. */
    private long headCache;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    /** @param requestedCapacity rounded up to a power of two, at least 2 */
    public OneToOneRing(int requestedCapacity) {
        if (requestedCapacity < 1 || requestedCapacity > (1 << 30)) {
            throw new IllegalArgumentException("ring capacity must be in [1, 2^30], got " + requestedCapacity);
        }
        int capacity = Math.max(2, Integer.highestOneBit(requestedCapacity - 1) << 1);
        slots = new StreamElement[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new StreamElement();
        }
        mask = capacity - 1;
    }

    public int capacity() {
        return slots.length;
    }

    // ---- producer side ---------------------------------------------------------------------

    /** Producer: true when there is room for one more element. */
    public boolean hasRoom() {
        long t = (long) TAIL.getOpaque(this);
        if (t - headCache < slots.length) {
            return true;
        }
        headCache = (long) HEAD.getAcquire(this);
        return t - headCache < slots.length;
    }

    /** Producer: adds an element, or returns false when the ring is full. */
    public boolean offer(byte kind, Object value, long timestamp) {
        long t = (long) TAIL.getOpaque(this);
        if (t - headCache >= slots.length) {
            headCache = (long) HEAD.getAcquire(this);
            if (t - headCache >= slots.length) {
                return false;
            }
        }
        slots[(int) t & mask].set(kind, value, timestamp);
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Producer: adds a copy of {@code element}, or returns false when full. */
    public boolean offer(StreamElement element) {
        return offer(element.kind, element.value, element.timestamp);
    }

    // ---- consumer side ---------------------------------------------------------------------

    /**
     * Consumer: the oldest element, still in its slot, or {@code null} when empty. The slot stays
     * valid until {@link #release()}.
     */
    public StreamElement peek() {
        long h = (long) HEAD.getOpaque(this);
        if (h >= tailCache) {
            tailCache = (long) TAIL.getAcquire(this);
            if (h >= tailCache) {
                return null;
            }
        }
        return slots[(int) h & mask];
    }

    /** Consumer: frees the slot returned by the last {@link #peek()}. */
    public void release() {
        long h = (long) HEAD.getOpaque(this);
        slots[(int) h & mask].clearValue();
        HEAD.setRelease(this, h + 1);
    }

    /** Any thread: elements waiting, approximately (for metrics). */
    public int size() {
        long h = (long) HEAD.getAcquire(this);
        long t = (long) TAIL.getAcquire(this);
        return (int) Math.max(0, Math.min(slots.length, t - h));
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
