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
    /** Next slot to read; ahead of {@code head} by what is read but not yet handed back. Consumer only. */
    protected long nextHead;
    /** Consumer-local copy of {@code head}. */
    protected long committedHead;
    /**
     * What the consumer has released as of its last commit, for observers ({@link OneToOneRing#size}):
     * ahead of {@code head} by the slots waiting for their group to go back. Opaque writes, consumer only.
     */
    protected long released;
    /** Consumer: the timestamp base in force at {@code nextHead} (see {@link OneToOneRing}). */
    protected long consumerBase;
    /**
     * Consumer: the slots of the element the last peek returned, so that release need not read its
     * slot again (by then the producer may have written its line, and the read would miss). A long:
     * an int would be laid out in the object header's gap, outside the padding.
     */
    protected long peekedSlots = 1;
}

/** 128 bytes between the consumer's and the producer's fields (see {@link RingPadding1}). */
abstract class RingPadding2 extends RingConsumerFields {
    @SuppressWarnings("unused")
    private long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15, q16;
}

/** The producer's fields. */
abstract class RingProducerFields extends RingPadding2 {
    /** Slots written as of the producer's last {@link OneToOneRing#publish()}: for observers ({@link OneToOneRing#size}). */
    protected volatile long tail;
    /** Next slot to fill. Producer only. */
    protected long nextTail;
    /** Producer-local copy of {@code tail}, so the producer never re-reads the volatile. */
    protected long publishedTail;
    /** Producer-local copy of {@code head}. Plain: producer thread only. */
    protected long headCache;
    /** Producer: the timestamp base the next slot's stamp is relative to. */
    protected long producerBase;
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
 * <p>What limits a ring is moving cache lines from the producer's core to the consumer's, so a slot
 * is as small as it can be, and the consumer learns of an element from its slot alone:
 * <ul>
 *   <li>A slot is a reference ({@code values}) and a 32-bit stamp ({@code stamps}), 8 bytes with
 *       compressed references, against 17 for a kind byte, a reference and a 64-bit timestamp.</li>
 *   <li>A record is its value itself (a null record is {@link RingControl#NULL_RECORD}); every other
 *       kind of element is a {@link RingControl}, which user code can never hold, so the value says
 *       what a slot is, and an empty slot is null.</li>
 *   <li>A timestamp is stored as its distance from a base both sides keep. When it does not fit in 31
 *       bits (the first record, a jump of more than 24 days, a watermark at the end of time, a latency
 *       marker's nanosecond clock), the producer first writes two slots that move the base to the
 *       timestamp itself. An element therefore takes one to three slots, and four for a latency
 *       marker, whose origin follows in a slot of its own; a barrier carries its checkpoint in its
 *       {@link RingControl}, so it always takes one slot (see {@link #offerUrgent}).</li>
 *   <li>An element is visible as soon as it is written: the producer writes its stamps and any slots
 *       after its first, then its first value with a release store; the consumer's acquire load of
 *       that value finds it non-null. The consumer so reads one line per element it did not have,
 *       not the producer's position as well; the position ({@code tail}) is published only for
 *       observers ({@link #size}).</li>
 *   <li>The consumer hands slots back in batches ({@link #commitReleases()}, or every
 *       {@value #PUBLISH_BATCH} slots), clearing their values first: a cleared slot is what tells
 *       the consumer of the next lap that nothing is there yet. It never reads further ahead than
 *       one ring's length from what it handed back, where slots of the last lap may still be
 *       uncleared.</li>
 *   <li>A producer that found the ring full writes again only once a quarter of it is free, so the
 *       two threads do not share the lines around the consumer's position.</li>
 * </ul>
 * The producer caches the consumer's position and re-reads it only when the cache says full. The
 * release store of {@code head} hands freed (cleared) slots back; the producer's acquire load of
 * {@code head} orders its next writes after the consumer's reads and clears.
 */
public final class OneToOneRing extends RingPadding3 {

    /** Released slots the consumer holds before it hands them back on its own; and the metrics' publish batch. */
    static final int PUBLISH_BATCH = 64;
    /** The most slots one element takes: a base change, a marker and its origin. */
    static final int MAX_SLOTS = 4;
    /** The stamp of "no timestamp" ({@link Long#MIN_VALUE}); never the distance of a timestamp. */
    static final int NO_STAMP = Integer.MIN_VALUE;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RELEASED;
    private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);

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

    private final Object[] values;
    private final int[] stamps;
    private final int capacity;
    private final int mask;
    /** Free slots a full ring needs before the producer writes again. */
    private final int refillBatch;
    /**
     * Released slots after which the consumer hands them back without waiting for the end of its
     * turn: {@value #PUBLISH_BATCH}, or half a small ring, so that it never reads a whole ring's
     * length past what it handed back (see the class comment).
     */
    private final int handBackBatch;
    /** Released slots go back (cleared) in aligned groups of this many: 32 references span 128 bytes. */
    static final int CLEAR_GROUP = 32;
    /** Rings smaller than this hand every released slot back at once (a held group would matter there). */
    static final int CLEAR_GROUP_MIN_CAPACITY = 256;
    /** The consumer's view of the element at the head, refilled by {@link #peek()}. Consumer only. */
    private final StreamElement view = new StreamElement();

    /** @param requestedCapacity rounded up to a power of two, at least {@value #MAX_SLOTS} */
    public OneToOneRing(int requestedCapacity) {
        if (requestedCapacity < 1 || requestedCapacity > (1 << 30)) {
            throw new IllegalArgumentException("ring capacity must be in [1, 2^30], got " + requestedCapacity);
        }
        capacity = Math.max(MAX_SLOTS, Integer.highestOneBit(requestedCapacity - 1) << 1);
        values = new Object[capacity];
        stamps = new int[capacity];
        mask = capacity - 1;
        refillBatch = Math.max(1, capacity / 4);
        handBackBatch = Math.min(PUBLISH_BATCH, capacity / 2);
    }

    /** In slots: an element takes one, or up to {@value #MAX_SLOTS} (see the class comment). */
    public int capacity() {
        return capacity;
    }

    // ---- producer side ---------------------------------------------------------------------

    /** Producer: true when there is room for any one more element. */
    public boolean hasRoom() {
        return nextTail + MAX_SLOTS - headCache <= capacity || refreshRoom(MAX_SLOTS);
    }

    /**
     * Producer: writes an element, or returns false when the ring is full. The consumer may read it
     * as soon as this returns.
     */
    public boolean offer(byte kind, Object value, long timestamp) {
        return offer(kind, value, timestamp, 0);
    }

    /** Producer: writes a copy of {@code element}, or returns false when full. */
    public boolean offer(StreamElement element) {
        return offer(element.kind, element.value, element.timestamp);
    }

    /**
     * Producer: writes a copy of {@code element} as soon as there is room for it, without waiting for
     * the refill batch: for checkpoint barriers stuck behind a full ring, which must not wait for a
     * quarter of it to drain (a barrier takes one slot).
     */
    public boolean offerUrgent(StreamElement element) {
        headCache = (long) HEAD.getAcquire(this);
        boolean written = offer(element.kind, element.value, element.timestamp, -1);
        publish();
        return written;
    }

    /** Writes one element of any kind: what its slot holds (see the class comment), then {@link #write}. */
    private boolean offer(byte kind, Object value, long timestamp, int refill) {
        if (kind == StreamElement.RECORD) {
            return write(value == null ? RingControl.NULL_RECORD : value, timestamp, null, refill);
        }
        if (kind == StreamElement.BARRIER) {
            return write(RingControl.barrier(value, timestamp), Long.MIN_VALUE, null, refill);
        }
        if (kind == StreamElement.LATENCY_MARKER) {
            return write(RingControl.LATENCY_MARKER, timestamp, value, refill);
        }
        if (value != null) {
            throw new IllegalArgumentException(StreamElement.kindName(kind) + " carries no value, got " + value);
        }
        return write(RingControl.of(kind), timestamp, null, refill);
    }

    /**
     * Writes one element: {@code slot} stamped with {@code timestamp}, after a change of base if the
     * timestamp needs one, and followed by {@code origin} for a latency marker. The element's first
     * value goes last, with a release store: it is what makes the whole element visible.
     *
     * @param refill -1 to take whatever room there is, 0 to wait for the refill batch on a full ring
     */
    private boolean write(Object slot, long timestamp, Object origin, int refill) {
        long distance = timestamp - producerBase; // wraps for far-apart values, and so does base + distance
        boolean rebase = timestamp != Long.MIN_VALUE && (distance != (int) distance || (int) distance == NO_STAMP);
        int n = (rebase ? 3 : 1) + (slot == RingControl.LATENCY_MARKER ? 1 : 0);
        long first = nextTail;
        if (first + n - headCache > capacity && (refill < 0 || !refreshRoom(n))) {
            return false;
        }
        long t = first;
        Object firstValue = slot;
        if (rebase) {
            stamps[(int) t++ & mask] = (int) (timestamp >>> 32); // REBASE, written last
            put(t++, RingControl.REBASE_LOW, (int) timestamp);
            producerBase = timestamp;
            distance = 0;
            firstValue = RingControl.REBASE;
        }
        int stamp = timestamp == Long.MIN_VALUE ? NO_STAMP : (int) distance;
        if (t == first) {
            stamps[(int) t & mask] = stamp;
        } else {
            put(t, slot, stamp);
        }
        t++;
        if (slot == RingControl.LATENCY_MARKER) {
            put(t++, origin, 0);
        }
        VALUE.setRelease(values, (int) first & mask, firstValue);
        nextTail = t;
        if (t - publishedTail >= PUBLISH_BATCH) {
            publishedTail = t;
            TAIL.setRelease(this, t);
        }
        return true;
    }

    private void put(long position, Object value, int stamp) {
        int i = (int) position & mask;
        values[i] = value;
        stamps[i] = stamp;
    }

    /**
     * Producer: tells observers ({@link #size}) of every written slot. The consumer does not need
     * it: it sees an element as soon as it is written.
     */
    public void publish() {
        if (nextTail != publishedTail) {
            publishedTail = nextTail;
            TAIL.setRelease(this, nextTail);
        }
    }

    /**
     * Producer, on a ring without room for {@code slots}: re-read the consumer's position, and wait
     * for a batch of room.
     */
    private boolean refreshRoom(int slots) {
        publish();
        long head = (long) HEAD.getAcquire(this);
        if (nextTail - head > capacity - Math.max(refillBatch, slots)) {
            return false; // headCache stays behind, so the fast path keeps saying "full"
        }
        headCache = head;
        return true;
    }

    // ---- consumer side ---------------------------------------------------------------------

    /**
     * Consumer: the oldest written element, or {@code null} when none. The returned view is
     * reused: it is valid until the next {@code peek}; the element stays in the ring until
     * {@link #release()}.
     */
    public StreamElement peek() {
        long h = nextHead;
        int i = (int) h & mask;
        Object v = VALUE.getAcquire(values, i);
        if (v == null) {
            return null;
        }
        if (v == RingControl.REBASE) { // its element was written before it
            consumerBase = rebased(i);
            h += 2;
            nextHead = h;
            i = (int) h & mask;
            v = values[i];
        }
        peekedSlots = decode(v, i, consumerBase, view);
        return view;
    }

    /** The base the change-of-base slot at index {@code i} (and the one after it) moves to. */
    private long rebased(int i) {
        return ((long) stamps[i] << 32) | (stamps[(i + 1) & mask] & 0xFFFF_FFFFL);
    }

    private static long stamp(long base, int stamp) {
        return stamp == NO_STAMP ? Long.MIN_VALUE : base + stamp;
    }

    /**
     * Fills {@code into} with the element whose (first) value {@code v} is at index {@code i}, past
     * any change of base, and returns the slots it takes from there.
     */
    private int decode(Object v, int i, long base, StreamElement into) {
        if (!(v instanceof RingControl)) {
            into.set(StreamElement.RECORD, v, stamp(base, stamps[i]));
            return 1;
        }
        RingControl c = (RingControl) v;
        if (c.kind == StreamElement.BARRIER) {
            into.set(StreamElement.BARRIER, c.value, c.checkpointId);
        } else if (c == RingControl.LATENCY_MARKER) {
            into.set(StreamElement.LATENCY_MARKER, values[(i + 1) & mask], stamp(base, stamps[i]));
            return 2;
        } else {
            into.set(c.kind, null, stamp(base, stamps[i])); // a null record too
        }
        return 1;
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
        long h = nextHead + peekedSlots;
        nextHead = h;
        if (h - committedHead >= handBackBatch) {
            handBack(h);
        }
    }

    // ---- consumer look-ahead (unaligned checkpoints) ---------------------------------------

    /** Consumer: the position of the element the next {@link #peek()} returns (or of a base change before it). */
    public long readPosition() {
        return nextHead;
    }

    /** Consumer: a reader of the written elements past the read position. */
    public LookAhead lookAhead() {
        return new LookAhead();
    }

    /**
     * The consumer's look-ahead: reads written, unreleased elements in order, without consuming
     * them, from the read position on. Reused: {@link #reset()} puts it back at the read position,
     * and it must be reset whenever the consumer may have passed it. Consumer thread only.
     */
    public final class LookAhead {
        private long position;
        private long base;
        private long elementPosition = -1;
        private final StreamElement element = new StreamElement();

        private LookAhead() {
            reset();
        }

        /** Back to the read position. */
        public void reset() {
            position = nextHead;
            base = consumerBase;
        }

        /** Where the next {@link #next} starts reading: past every element it returned. */
        public long position() {
            return position;
        }

        /** The position of the element {@link #next} returned last (what {@link #readPosition} says when it is peeked). */
        public long elementPosition() {
            return elementPosition;
        }

        /**
         * The next element written, or null when the producer has written nothing more (or the
         * consumer must hand slots back before it may look further). Reused.
         */
        public StreamElement next() {
            long p = position;
            if (p - committedHead >= capacity) {
                return null; // this lap's slot may still hold the last lap's element, uncleared
            }
            int i = (int) p & mask;
            Object v = VALUE.getAcquire(values, i);
            if (v == null) {
                return null;
            }
            if (v == RingControl.REBASE) {
                base = rebased(i);
                p += 2;
                i = (int) p & mask;
                v = values[i];
            }
            elementPosition = p;
            position = p + decode(v, i, base, element);
            return element;
        }
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
     * reachable from the ring anyway, so comparing references is enough (the slot is of this lap:
     * nothing is held back past one ring's length).
     */
    private void forgetReleasedView() {
        Object v = view.value;
        if (v != null && v != values[(int) nextHead & mask]) {
            view.clearValue();
        }
    }

    /** Any thread: elements waiting, approximately (for metrics): as of the producer's last publish. */
    public int size() {
        long h = (long) RELEASED.getAcquire(this);
        long t = (long) TAIL.getAcquire(this);
        return (int) Math.max(0, Math.min(capacity, t - h));
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
