package io.sluice.runtime.channel;

/**
 * Writes one task's output on one edge: one ring per downstream subtask, chosen by a partitioner.
 * Never blocks: when a ring is full the element goes to that channel's overflow buffer, and the
 * task stops taking input until {@link #drain()} has emptied it. Order per channel is kept: once a
 * channel overflows, everything for it goes through the overflow. Worker thread of the task only.
 */
public final class RecordWriter {

    private final OneToOneRing[] channels;
    private final OverflowBuffer[] overflow;
    private final Partitioner partitioner;
    private final BackPressure backPressure;
    private int overflowingChannels;
    /** Per channel, checkpoint barriers waiting in the overflow: while there are, the channel is drained urgently. */
    private final int[] barriersWaiting;

    public RecordWriter(OneToOneRing[] channels, Partitioner partitioner, BackPressure backPressure) {
        this.channels = channels;
        this.partitioner = partitioner;
        this.backPressure = backPressure;
        this.overflow = new OverflowBuffer[channels.length];
        this.barriersWaiting = new int[channels.length];
        for (int i = 0; i < channels.length; i++) {
            overflow[i] = new OverflowBuffer();
        }
    }

    public void emitRecord(Object value, long timestamp) throws Exception {
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
        for (int c = 0; c < channels.length; c++) {
            offer(c, StreamElement.BARRIER, savepoint ? StreamElement.SAVEPOINT : null, id);
        }
    }

    /** Sends a watermark, status or end of input to every channel. */
    public void broadcast(byte kind, long timestamp) {
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
        if (kind == StreamElement.BARRIER) {
            barriersWaiting[c]++;
        }
    }

    /** Moves overflow into the rings as room allows; returns the number of elements moved. */
    public int drain() {
        if (overflowingChannels == 0) {
            return 0;
        }
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
            }
        }
        return moved;
    }

    /** Makes everything written so far visible to the consumers; the task calls it at the end of each turn. */
    public void publish() {
        for (OneToOneRing ring : channels) {
            ring.publish();
        }
    }

    /** Elements waiting in this writer's rings and overflow (for metrics; approximate). */
    public long pending() {
        long n = 0;
        for (int c = 0; c < channels.length; c++) {
            n += channels[c].size() + overflow[c].size();
        }
        return n;
    }

    public int numberOfChannels() {
        return channels.length;
    }
}
