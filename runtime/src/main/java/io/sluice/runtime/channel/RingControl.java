package io.sluice.runtime.channel;

/**
 * What a ring slot holds for anything but a record (see {@link OneToOneRing}): the slot's value is
 * one of these, so a slot needs no kind of its own. Package-private, so no record can be one. The
 * element's time is in the slot's stamp, except for a barrier, which carries its checkpoint here:
 * barriers go into any single free slot ({@link OneToOneRing#offerUrgent}), with no base change.
 */
final class RingControl {

    /** Moves the base of the stamps; its stamp holds the high 32 bits, the next slot's the low 32. */
    static final RingControl REBASE = new RingControl((byte) -1, null, 0);
    /** The second slot of a base change. */
    static final RingControl REBASE_LOW = new RingControl((byte) -2, null, 0);
    /** A record whose value is null: an empty slot is null. */
    static final RingControl NULL_RECORD = new RingControl(StreamElement.RECORD, null, 0);
    /** A latency marker: its stamp is the send time; the next slot holds its origin. */
    static final RingControl LATENCY_MARKER = new RingControl(StreamElement.LATENCY_MARKER, null, 0);
    private static final RingControl WATERMARK = new RingControl(StreamElement.WATERMARK, null, 0);
    private static final RingControl IDLE = new RingControl(StreamElement.IDLE, null, 0);
    private static final RingControl ACTIVE = new RingControl(StreamElement.ACTIVE, null, 0);
    private static final RingControl END_OF_INPUT = new RingControl(StreamElement.END_OF_INPUT, null, 0);

    final byte kind;
    /** A barrier's {@link StreamElement#SAVEPOINT} or null. */
    final Object value;
    final long checkpointId;

    private RingControl(byte kind, Object value, long checkpointId) {
        this.kind = kind;
        this.value = value;
        this.checkpointId = checkpointId;
    }

    /** The shared control of an element kind that carries nothing but its time. */
    static RingControl of(byte kind) {
        switch (kind) {
            case StreamElement.WATERMARK: return WATERMARK;
            case StreamElement.IDLE: return IDLE;
            case StreamElement.ACTIVE: return ACTIVE;
            case StreamElement.END_OF_INPUT: return END_OF_INPUT;
            default: throw new IllegalArgumentException("not a time-only element kind: " + StreamElement.kindName(kind));
        }
    }

    /** A checkpoint barrier: one per checkpoint and channel, the only element a ring allocates for. */
    static RingControl barrier(Object value, long checkpointId) {
        return new RingControl(StreamElement.BARRIER, value, checkpointId);
    }

    @Override
    public String toString() {
        return "RingControl[" + (kind < 0 ? "rebase" : StreamElement.kindName(kind)) + "]";
    }
}
