package io.sluice.runtime.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Writes one task's output on one edge: one ring per downstream subtask, chosen by a partitioner.
 * Never blocks: when a ring is full the element goes to that channel's overflow buffer, and the
 * task stops taking input until {@link #drain()} has emptied it. Order per channel is kept: once a
 * channel overflows, everything for it goes through the overflow. A writer may fold records on
 * the way ({@link RecordCombiner}): it sends what the combiner holds before every watermark, status,
 * barrier and end of input, so nothing overtakes it. Worker thread of the task only.
 */
public final class RecordWriter {

    private static final VarHandle OVERFLOW_SIZE;

    static {
        try {
            OVERFLOW_SIZE = MethodHandles.lookup().findVarHandle(RecordWriter.class, "overflowSize", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OneToOneRing[] channels;
    private final OverflowBuffer[] overflow;
    private final Partitioner partitioner;
    private final BackPressure backPressure;
    /** Null unless records are folded before they are sent. */
    private RecordCombiner combiner;
    private final RecordCombiner.Sender sendPartial = (c, partial, timestamp) ->
            offer(c, StreamElement.RECORD, partial, timestamp);
    private int overflowingChannels;
    /** Per channel, checkpoint barriers waiting in the overflow: while there are, the channel is drained urgently. */
    private final int[] barriersWaiting;
    /** Per channel, whether its overflow has drained but is still larger than its initial size. */
    private final boolean[] shrinkPending;
    private int shrinkPendingChannels;
    /**
     * Elements in the overflow buffers. Written by the worker only, with release stores (a plain
     * store on x86), read by metrics threads with acquire loads: they see a count the worker wrote
     * (possibly an older one), never a torn or invented one, and the worker's path pays no fence.
     */
    @SuppressWarnings("unused") // through OVERFLOW_SIZE
    private long overflowSize;

    public RecordWriter(OneToOneRing[] channels, Partitioner partitioner, BackPressure backPressure) {
        this.channels = channels;
        this.partitioner = partitioner;
        this.backPressure = backPressure;
        this.overflow = new OverflowBuffer[channels.length];
        this.barriersWaiting = new int[channels.length];
        this.shrinkPending = new boolean[channels.length];
        for (int i = 0; i < channels.length; i++) {
            overflow[i] = new OverflowBuffer();
        }
    }

    /** Folds records with {@code combiner} before sending them. */
    public RecordWriter combining(RecordCombiner combiner) {
        this.combiner = combiner;
        return this;
    }

    public void emitRecord(Object value, long timestamp) throws Exception {
        if (combiner != null && combiner.combine(value, timestamp)) {
            if (combiner.isFull()) {
                combiner.flush(sendPartial, channels.length);
            }
            return;
        }
        int c = channels.length == 1 ? 0 : partitioner.selectChannel(value, channels.length);
        if (c >= 0) {
            offer(c, StreamElement.RECORD, value, timestamp);
        } else {
            for (c = 0; c < channels.length; c++) { // Partitioner.ALL_CHANNELS: every subtask reads the same object
                offer(c, StreamElement.RECORD, value, timestamp);
            }
        }
    }

    /** Sends checkpoint barrier {@code id} to every channel; a savepoint's barrier says so (it is always aligned). */
    public void broadcastBarrier(long id, boolean savepoint) {
        flushCombiner();
        for (int c = 0; c < channels.length; c++) {
            offer(c, StreamElement.BARRIER, savepoint ? StreamElement.SAVEPOINT : null, id);
        }
    }

    /** Sends a watermark, status or end of input to every channel. */
    public void broadcast(byte kind, long timestamp) {
        flushCombiner();
        for (int c = 0; c < channels.length; c++) {
            offer(c, kind, null, timestamp);
        }
    }

    /**
     * Sends a latency marker on channel {@code c} only (markers are not broadcast, so they do not
     * multiply downstream). Like any element it goes to the overflow when the ring is full, behind
     * what was emitted before it: it waits as records do and is never dropped.
     */
    public void emitLatencyMarker(int c, Object origin, long emittedNs) {
        offer(c, StreamElement.LATENCY_MARKER, origin, emittedNs);
    }

    private void flushCombiner() {
        if (combiner != null) {
            combiner.flush(sendPartial, channels.length);
        }
    }

    private void offer(int c, byte kind, Object value, long timestamp) {
        OverflowBuffer o = overflow[c];
        if (o.isEmpty()) {
            if (channels[c].offer(kind, value, timestamp)) {
                return;
            }
            overflowingChannels++;
            backPressure.channelStartedOverflowing();
        }
        o.add(kind, value, timestamp);
        addToOverflowSize(1);
        if (kind == StreamElement.BARRIER) {
            barriersWaiting[c]++;
        }
    }

    /**
     * Moves overflow into the rings as room allows; returns the number of elements moved. The task
     * calls it once per turn, which also counts the turns a drained, oversized buffer has stayed empty
     * (see {@link OverflowBuffer#shrinkIfIdle}).
     */
    public int drain() {
        if ((overflowingChannels | shrinkPendingChannels) == 0) {
            return 0;
        }
        int moved = overflowingChannels == 0 ? 0 : drainOverflow();
        if (shrinkPendingChannels != 0) {
            shrinkIdleBuffers();
        }
        return moved;
    }

    private int drainOverflow() {
        int moved = 0;
        for (int c = 0; c < channels.length; c++) {
            OverflowBuffer o = overflow[c];
            if (o.isEmpty()) {
                continue;
            }
            OneToOneRing ring = channels[c];
            StreamElement e;
            while ((e = o.peek()) != null
                    && (ring.offer(e) || (barriersWaiting[c] > 0 && ring.offerUrgent(e)))) {
                if (e.kind() == StreamElement.BARRIER) {
                    barriersWaiting[c]--;
                }
                o.remove();
                moved++;
            }
            if (o.isEmpty()) {
                overflowingChannels--;
                backPressure.channelDrained();
                if (!shrinkPending[c] && o.capacity() > OverflowBuffer.INITIAL_CAPACITY) {
                    shrinkPending[c] = true;
                    shrinkPendingChannels++;
                }
            }
        }
        addToOverflowSize(-moved);
        return moved;
    }

    private void shrinkIdleBuffers() {
        for (int c = 0; c < channels.length; c++) {
            if (shrinkPending[c] && overflow[c].shrinkIfIdle()) {
                shrinkPending[c] = false;
                shrinkPendingChannels--;
            }
        }
    }

    /** Worker only: the only writer, so a plain read of its own last store and a release store suffice. */
    private void addToOverflowSize(long delta) {
        OVERFLOW_SIZE.setRelease(this, (long) OVERFLOW_SIZE.get(this) + delta);
    }

    /**
     * Makes everything written so far count in the rings' sizes (consumers see elements as they are
     * written); the task calls it at the end of each turn.
     */
    public void publish() {
        for (OneToOneRing ring : channels) {
            ring.publish();
        }
    }

    /** Any thread: elements waiting in this writer's rings and overflow (for metrics; approximate). */
    public long pending() {
        long n = overflowSize();
        for (OneToOneRing ring : channels) {
            n += ring.size();
        }
        return n;
    }

    /**
     * Any thread: elements waiting in this writer's overflow buffers, emitted while a ring was full
     * (for metrics; possibly a little stale when read from another thread).
     */
    public long overflowSize() {
        return (long) OVERFLOW_SIZE.getAcquire(this);
    }

    /** Slots allocated in the overflow buffer of channel {@code c} (for tests). */
    int overflowCapacity(int c) {
        return overflow[c].capacity();
    }

    public int numberOfChannels() {
        return channels.length;
    }
}
