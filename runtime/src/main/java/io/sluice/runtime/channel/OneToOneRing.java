package io.sluice.runtime.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * 128 bytes before the consumer's hot fields (field layout follows the class hierarchy: a class's
 * fields come after its superclass's). 128, not one 64-byte line: the L2 adjacent-line prefetcher
 * of Intel cores fetches lines in 128-byte aligned pairs, so a write to the neighbouring line
 * would still take the pair away. {@code OneToOneRingTest} checks the offsets.
 */
abstract class RingPadding1 {
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
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
    /**
     * What the consumer has released as of its last commit, for observers ({@link OneToOneRing#size}):
     * ahead of {@code head} by the slots waiting for their group to go back. Opaque writes, consumer only.
     */
    protected long released;
}

/** 128 bytes between the consumer's and the producer's fields (see {@link RingPadding1}). */
abstract class RingPadding2 extends RingConsumerFields {
    @SuppressWarnings("unused")
    private long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15, q16;
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

/** 128 bytes after the producer's fields (see {@link RingPadding1}). */
abstract class RingPadding3 extends RingProducerFields {
    @SuppressWarnings("unused")
    private long r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15, r16;
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
    private static final VarHandle RELEASED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RingConsumerFields.class, "head", long.class);
            RELEASED = lookup.findVarHandle(RingConsumerFields.class, "released", long.class);
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
    /** Released slots go back (cleared) in aligned groups of this many: 32 references span 128 bytes. */
    static final int CLEAR_GROUP = 32;
    /** Rings smaller than this hand every released slot back at once (a held group would matter there). */
    static final int CLEAR_GROUP_MIN_CAPACITY = 256;
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
     * writing it per element would pull that line away from the consumer per element. Its value
     * reference is cleared when it goes back, not here, for the same reason: the batch's slots are
     * cleared together, on lines the consumer still holds.
     */
    public void release() {
        long h = nextHead + 1;
        nextHead = h;
        if (h - committedHead >= PUBLISH_BATCH) {
            handBack(h);
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

    /**
     * Consumer: hands every released slot back to the producer, with its value reference cleared, so
     * that what passed through the ring does not stay reachable from it until the slot is reused.
     */
    public void commitReleases() {
        if (nextHead != committedHead) {
            handBack(nextHead);
        }
        forgetReleasedView();
    }

    /**
     * Consumer: clears the values of the released slots [committedHead, upTo), then gives them to the
     * producer. The clearing is the consumer's: its plain stores come before the release store of
     * {@code head}, and the producer writes a slot only after its acquire load of {@code head} has
     * seen the slot handed back, so a clearing store can never land on a value written since.
     */
    private void handBack(long upTo) {
        RELEASED.setOpaque(this, upTo); // consumed, whether or not its group goes back yet
        long to = upTo;
        if (capacity >= CLEAR_GROUP_MIN_CAPACITY) {
            // whole groups of slots only: the group the producer may be writing into right now (the
            // ring nearly empty) is not written by the consumer too, which costs a cache line transfer
            to = upTo & -CLEAR_GROUP;
            if (to <= committedHead) {
                return; // the rest goes back with the group's last slot (never more than CLEAR_GROUP - 1 held)
            }
        }
        for (long p = committedHead; p < to; p++) {
            values[(int) p & mask] = null;
        }
        committedHead = to;
        HEAD.setRelease(this, to);
    }

    /**
     * Consumer: the view of the last {@link #peek()} keeps that element's value; once the element is
     * released, drop it too. The view holds an unreleased element only if it is the one at
     * {@code nextHead} (peek reads nothing else); if that slot holds the same object, the object is
     * reachable from the ring anyway, so comparing references is enough.
     */
    private void forgetReleasedView() {
        Object v = view.value;
        if (v != null && (nextHead >= tailCache || v != values[(int) nextHead & mask])) {
            view.clearValue();
        }
    }

    /** Any thread: published elements waiting, approximately (for metrics). */
    public int size() {
        long h = (long) RELEASED.getAcquire(this);
        long t = (long) TAIL.getAcquire(this);
        return (int) Math.max(0, Math.min(capacity, t - h));
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
