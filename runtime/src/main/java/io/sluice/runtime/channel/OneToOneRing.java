package io.sluice.runtime.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding before the consumer's hot fields (field layout follows the class hierarchy). */
abstract class RingPadding1 {
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The consumer's fields. */
abstract class RingConsumerFields extends RingPadding1 {
    /** Next slot to poll. Written by the consumer (release), read by the producer (acquire). */
    protected volatile long head;
    /** Consumer-local copy of the published tail. Plain: consumer thread only. */
    protected long tailCache;
    /** Next slot to read; ahead of {@code head} by what is read but not yet handed back. Consumer only. */
    protected long nextHead;
    /** Consumer-local copy of {@code head}. */
    protected long committedHead;
}

/** Padding between the consumer's and the producer's fields. */
abstract class RingPadding2 extends RingConsumerFields {
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17, p18;
}

/** The producer's fields. */
abstract class RingProducerFields extends RingPadding2 {
    /** Slots published to the consumer. Written by the producer (release), read by the consumer (acquire). */
    protected volatile long tail;
    /** Next slot to fill; ahead of {@code tail} by what is written but not yet published. Producer only. */
    protected long nextTail;
    /** Producer-local copy of {@code tail}, so the producer never re-reads the volatile. */
    protected long publishedTail;
    /** Producer-local copy of {@code head}. Plain: producer thread only. */
    protected long headCache;
}

/** Padding after the producer's fields. */
abstract class RingPadding3 extends RingProducerFields {
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27, p28;
}

/**
 * A bounded single-producer/single-consumer ring: the channel between one upstream and one
 * downstream subtask. Exactly one thread offers and exactly one thread polls (they may be the same
 * thread).
 *
 * <p>What limits a ring is moving cache lines from the producer's core to the consumer's, so:
 * <ul>
 *   <li>slots are three flat arrays (kind, value, timestamp), not one object per slot, so a cache
 *       line carries 8 to 64 consecutive slots;</li>
 *   <li>the producer publishes in batches: {@link #offer} writes a slot, and the slots become
 *       visible at {@link #publish()} (called by the producing task at the end of its turn) or
 *       every {@value #PUBLISH_BATCH} slots, so the consumer reads lines the producer has finished
 *       with instead of chasing it slot by slot;</li>
 *   <li>likewise the consumer hands slots back in batches ({@link #commitReleases()});</li>
 *   <li>a producer that found the ring full writes again only once a quarter of it is free, so the
 *       two threads do not share the lines around the consumer's position.</li>
 * </ul>
 * Both sides cache the other's position and re-read it only when the cache says full or empty.
 * Memory ordering: slot writes are plain; the release store of {@code tail} publishes them and the
 * consumer's acquire load of {@code tail} sees them. The release store of {@code head} hands freed
 * slots back; the producer's acquire load of {@code head} orders its next writes after the
 * consumer's reads.
 */
public final class OneToOneRing extends RingPadding3 {

    /** Slots written before the producer publishes even if its turn is not over. */
    static final int PUBLISH_BATCH = 64;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RingConsumerFields.class, "head", long.class);
            TAIL = lookup.findVarHandle(RingProducerFields.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] kinds;
    private final Object[] values;
    private final long[] timestamps;
    private final int capacity;
    private final int mask;
    /** Free slots a full ring needs before the producer writes again. */
    private final int refillBatch;
    /** The consumer's view of the element at the head, refilled by {@link #peek()}. Consumer only. */
    private final StreamElement view = new StreamElement();

    /** @param requestedCapacity rounded up to a power of two, at least 2 */
    public OneToOneRing(int requestedCapacity) {
        if (requestedCapacity < 1 || requestedCapacity > (1 << 30)) {
            throw new IllegalArgumentException("ring capacity must be in [1, 2^30], got " + requestedCapacity);
        }
        capacity = Math.max(2, Integer.highestOneBit(requestedCapacity - 1) << 1);
        kinds = new byte[capacity];
        values = new Object[capacity];
        timestamps = new long[capacity];
        mask = capacity - 1;
        refillBatch = Math.max(1, capacity / 4);
    }

    public int capacity() {
        return capacity;
    }

    // ---- producer side ---------------------------------------------------------------------

    /** Producer: true when there is room for one more element. */
    public boolean hasRoom() {
        return nextTail - headCache < capacity || refreshRoom();
    }

    /**
     * Producer: writes an element, or returns false when the ring is full (having published what
     * it holds, so the consumer can make room). Visible to the consumer after {@link #publish()}.
     */
    public boolean offer(byte kind, Object value, long timestamp) {
        long t = nextTail;
        if (t - headCache >= capacity && !refreshRoom()) {
            return false;
        }
        int i = (int) t & mask;
        kinds[i] = kind;
        values[i] = value;
        timestamps[i] = timestamp;
        nextTail = t + 1;
        if (t + 1 - publishedTail >= PUBLISH_BATCH) {
            publishedTail = t + 1;
            TAIL.setRelease(this, t + 1);
        }
        return true;
    }

    /**
     * Producer: writes a copy of {@code element} as soon as any slot is free, without waiting for the
     * refill batch: for checkpoint barriers stuck behind a full ring, which must not wait for a
     * quarter of it to drain. Publishes at once.
     */
    public boolean offerUrgent(StreamElement element) {
        long t = nextTail;
        if (t - headCache >= capacity) {
            publish();
            headCache = (long) HEAD.getAcquire(this);
            if (t - headCache >= capacity) {
                return false;
            }
        }
        int i = (int) t & mask;
        kinds[i] = element.kind;
        values[i] = element.value;
        timestamps[i] = element.timestamp;
        nextTail = t + 1;
        publish();
        return true;
    }

    /** Producer: writes a copy of {@code element}, or returns false when full. */
    public boolean offer(StreamElement element) {
        return offer(element.kind, element.value, element.timestamp);
    }

    /** Producer: makes every written slot visible to the consumer. */
    public void publish() {
        if (nextTail != publishedTail) {
            publishedTail = nextTail;
            TAIL.setRelease(this, nextTail);
        }
    }

    /** Producer, on a full ring: publish, re-read the consumer's position, and wait for a batch of room. */
    private boolean refreshRoom() {
        publish();
        long head = (long) HEAD.getAcquire(this);
        if (nextTail - head > capacity - refillBatch) {
            return false; // headCache stays behind, so the fast path keeps saying "full"
        }
        headCache = head;
        return true;
    }

    // ---- consumer side ---------------------------------------------------------------------

    /**
     * Consumer: the oldest published element, or {@code null} when none. The returned view is
     * reused: it is valid until the next {@code peek}; the element stays in the ring until
     * {@link #release()}.
     */
    public StreamElement peek() {
        long h = nextHead;
        if (h >= tailCache) {
            tailCache = (long) TAIL.getAcquire(this);
            if (h >= tailCache) {
                return null;
            }
        }
        int i = (int) h & mask;
        view.set(kinds[i], values[i], timestamps[i]);
        return view;
    }

    /**
     * Consumer: done with the element of the last {@link #peek()}. The slot goes back to the producer
     * at {@link #commitReleases()} (called by the consuming task at the end of its turn) or every
     * {@value #PUBLISH_BATCH} slots: a producer waiting on a full ring polls {@code head}, and
     * writing it per element would pull that line away from the consumer per element. The slot
     * keeps its value reference until reused, for the same reason.
     */
    public void release() {
        long h = nextHead + 1;
        nextHead = h;
        if (h - committedHead >= PUBLISH_BATCH) {
            committedHead = h;
            HEAD.setRelease(this, h);
        }
    }

    // ---- consumer look-ahead (unaligned checkpoints) ---------------------------------------

    /** Consumer: the position of the element the next {@link #peek()} returns. */
    public long readPosition() {
        return nextHead;
    }

    /** Consumer: the end of what the producer has published; slots in [readPosition, this) may be read. */
    public long publishedPosition() {
        tailCache = (long) TAIL.getAcquire(this);
        return tailCache;
    }

    /** Consumer: the kind of the published, unreleased element at {@code position}. */
    public byte kindAt(long position) {
        return kinds[(int) position & mask];
    }

    public Object valueAt(long position) {
        return values[(int) position & mask];
    }

    public long timestampAt(long position) {
        return timestamps[(int) position & mask];
    }

    /** Consumer: hands every released slot back to the producer. */
    public void commitReleases() {
        if (nextHead != committedHead) {
            committedHead = nextHead;
            HEAD.setRelease(this, nextHead);
        }
    }

    /** Any thread: published elements waiting, approximately (for metrics). */
    public int size() {
        long h = (long) HEAD.getAcquire(this);
        long t = (long) TAIL.getAcquire(this);
        return (int) Math.max(0, Math.min(capacity, t - h));
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
