package io.sluice.runtime.channel;

/**
 * A preallocated, mutable envelope: one element of a ring, as the consumer sees it (a ring stores it
 * more compactly, see {@link OneToOneRing}); nothing is allocated per element. Kinds travel in order
 * through the same ring.
 */
public final class StreamElement {

    public static final byte RECORD = 0;
    /** {@link #timestamp} is the watermark. */
    public static final byte WATERMARK = 1;
    /** The producer is idle: leave it out of watermark calculations until {@link #ACTIVE}. */
    public static final byte IDLE = 2;
    public static final byte ACTIVE = 3;
    /** The producer will send nothing more on this channel. */
    public static final byte END_OF_INPUT = 4;
    /** Checkpoint barrier; {@link #timestamp} is the checkpoint id, {@link #value} {@link #SAVEPOINT} or null. */
    public static final byte BARRIER = 5;
    /**
     * Latency marker: {@link #timestamp} is the {@code System.nanoTime()} at which a source subtask
     * sent it, {@link #value} that subtask's preallocated origin object. Runtime only: it never
     * reaches a user function, never changes event time or idleness, and is never stored in a
     * checkpoint. Each task that receives one records its age and forwards it to one output channel.
     */
    public static final byte LATENCY_MARKER = 6;
    /** The value of a savepoint's barrier. */
    public static final Object SAVEPOINT = new Object() {
        @Override
        public String toString() {
            return "savepoint";
        }
    };

    byte kind;
    Object value;
    long timestamp;

    public byte kind() {
        return kind;
    }

    public Object value() {
        return value;
    }

    public long timestamp() {
        return timestamp;
    }

    void set(byte kind, Object value, long timestamp) {
        this.kind = kind;
        this.value = value;
        this.timestamp = timestamp;
    }

    void copyFrom(StreamElement other) {
        this.kind = other.kind;
        this.value = other.value;
        this.timestamp = other.timestamp;
    }

    /** Drops the reference to the value so the slot does not keep garbage alive. */
    void clearValue() {
        this.value = null;
    }

    public static String kindName(byte kind) {
        switch (kind) {
            case RECORD: return "RECORD";
            case WATERMARK: return "WATERMARK";
            case IDLE: return "IDLE";
            case ACTIVE: return "ACTIVE";
            case END_OF_INPUT: return "END_OF_INPUT";
            case BARRIER: return "BARRIER";
            case LATENCY_MARKER: return "LATENCY_MARKER";
            default: return "UNKNOWN(" + kind + ")";
        }
    }

    @Override
    public String toString() {
        return kindName(kind) + (kind == RECORD ? "(" + value + " @" + timestamp + ")" : "(" + timestamp + ")");
    }
}
