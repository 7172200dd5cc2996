package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;

/**
 * The input rings of a task, polled in turn, with per-channel event time: the task's watermark is
 * the minimum over channels that are neither idle nor ended, and only moves forward. Channels can
 * be held back (not polled): {@link BarrierAlignment} decides which, while it aligns a checkpoint's
 * barriers. Task thread only.
 *
 * <p>A two-input task has one gate over the channels of both inputs: each channel knows which
 * input it feeds ({@link #currentInput}), and everything else (event time, idleness, end of input,
 * alignment) is over all channels alike: the watermark is the minimum over both inputs, a barrier
 * aligns across both, and the gate ends when every channel of both has ended.
 */
final class InputGate {

    /** {@link #onElement} result bits; several may be set at once. */
    static final int NONE = 0;
    static final int WATERMARK_ADVANCED = 1;
    static final int BECAME_IDLE = 2;
    static final int BECAME_ACTIVE = 4;
    static final int ALL_ENDED = 8;
    /** The current channel delivered END_OF_INPUT (tell {@link BarrierAlignment#onEndOfInput}). */
    static final int CHANNEL_ENDED = 16;

    private final OneToOneRing[] channels;
    /** Per channel, the input of the task it feeds: 0, or 1 for the second input of a two-input task. */
    private final int[] inputOf;
    private final long[] watermarks;
    private final boolean[] idle;
    private final boolean[] ended;
    private int endedCount;
    /** Per channel, held back by the barrier alignment. */
    private final boolean[] blocked;
    /** Per channel, how far {@link #findBarrierAhead} has looked. */
    private final OneToOneRing.LookAhead[] lookAheads;
    private int next;
    private int current = -1;

    private long watermark = Long.MIN_VALUE;
    private boolean gateIdle;

    InputGate(OneToOneRing[] channels) {
        this(channels, new int[channels.length]);
    }

    /** @param inputOf per channel, the task's input it feeds (0 or 1) */
    InputGate(OneToOneRing[] channels, int[] inputOf) {
        if (inputOf.length != channels.length) {
            throw new IllegalArgumentException("an input per channel: " + inputOf.length + " for "
                    + channels.length + " channels");
        }
        this.channels = channels;
        this.inputOf = inputOf;
        this.watermarks = new long[channels.length];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        this.idle = new boolean[channels.length];
        this.ended = new boolean[channels.length];
        this.blocked = new boolean[channels.length];
        this.lookAheads = new OneToOneRing.LookAhead[channels.length];
        for (int c = 0; c < channels.length; c++) {
            lookAheads[c] = channels[c].lookAhead();
        }
    }

    OneToOneRing[] channels() {
        return channels;
    }

    /** The channel of the element last returned by {@link #poll}. */
    int currentChannel() {
        return current;
    }

    /** The task's input (0, or 1 for a second input) that the element last returned by {@link #poll} goes to. */
    int currentInput() {
        return inputOf[current];
    }

    /** Per channel, the task's input it feeds. */
    int[] inputs() {
        return inputOf;
    }

    /** The ring position of the element last returned by {@link #poll} (before {@link #release}). */
    long currentPosition() {
        return channels[current].readPosition();
    }

    /** The next element of some channel, round robin, or null when every ring is empty. */
    StreamElement poll() {
        int n = channels.length;
        for (int i = 0; i < n; i++) {
            int c = next;
            next = c + 1 == n ? 0 : c + 1;
            if (blocked[c]) {
                continue; // delivered the barrier being aligned: its later elements wait
            }
            StreamElement e = channels[c].peek();
            if (e != null) {
                current = c;
                return e;
            }
        }
        return null;
    }

    /**
     * Frees the slot of the element last returned by {@link #poll}. Before that, reading a record is
     * the caller's; for everything else, call {@link #onElement} first.
     */
    void release() {
        channels[current].release();
    }

    /**
     * Applies a non-record element of the current channel to the channel's time; says what changed
     * as a set of bits. Latency markers never come here: they leave event time and idleness as they are. When a gate becomes active and its watermark advances at once, the status
     * goes downstream first.
     */
    int onElement(StreamElement e) {
        int c = current;
        switch (e.kind()) {
            case StreamElement.WATERMARK:
                if (e.timestamp() > watermarks[c]) {
                    watermarks[c] = e.timestamp();
                }
                return recompute() ? WATERMARK_ADVANCED : NONE;
            case StreamElement.IDLE:
                idle[c] = true;
                // The idle channel no longer holds the others back.
                return (recompute() ? WATERMARK_ADVANCED : NONE) | updateGateIdle();
            case StreamElement.ACTIVE:
                idle[c] = false;
                return updateGateIdle() | (recompute() ? WATERMARK_ADVANCED : NONE);
            case StreamElement.END_OF_INPUT:
                ended[c] = true;
                endedCount++;
                if (endedCount == channels.length) {
                    return ALL_ENDED | CHANNEL_ENDED;
                }
                return (recompute() ? WATERMARK_ADVANCED : NONE) | CHANNEL_ENDED;
            default:
                throw new IllegalStateException("unexpected element " + e);
        }
    }

    /** Holds channel {@code c} back: {@link #poll} skips it until {@link #unblockAll}. */
    void block(int c) {
        blocked[c] = true;
    }

    void unblockAll() {
        java.util.Arrays.fill(blocked, false);
    }

    boolean isBlocked(int c) {
        return blocked[c];
    }

    /** Whether channel {@code c} delivered END_OF_INPUT. */
    boolean isEnded(int c) {
        return ended[c];
    }

    /**
     * Looks ahead in every channel, past what the task has not processed yet, for the barrier of a
     * checkpoint (not a savepoint) newer than {@code after}; each slot is looked at once.
     *
     * @return its id, or -1
     */
    long findBarrierAhead(long after) {
        for (int c = 0; c < channels.length; c++) {
            OneToOneRing ring = channels[c];
            OneToOneRing.LookAhead ahead = lookAheads[c];
            if (ahead.position() < ring.readPosition()) {
                ahead.reset(); // the task consumed past what was looked at
            }
            StreamElement e;
            while ((e = ahead.next()) != null) {
                if (e.kind() == StreamElement.BARRIER && e.timestamp() > after && e.value() != StreamElement.SAVEPOINT) {
                    return e.timestamp();
                }
            }
        }
        return -1;
    }

    long watermark() {
        return watermark;
    }

    private boolean recompute() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < channels.length; i++) {
            if (!idle[i] && !ended[i]) {
                any = true;
                if (watermarks[i] < min) {
                    min = watermarks[i];
                }
            }
        }
        if (any && min > watermark) {
            watermark = min;
            return true;
        }
        return false;
    }

    private int updateGateIdle() {
        boolean allIdle = true;
        for (int i = 0; i < channels.length; i++) {
            if (!ended[i] && !idle[i]) {
                allIdle = false;
                break;
            }
        }
        if (allIdle && !gateIdle) {
            gateIdle = true;
            return BECAME_IDLE;
        }
        if (!allIdle && gateIdle) {
            gateIdle = false;
            return BECAME_ACTIVE;
        }
        return NONE;
    }

    /** Hands the slots read this turn back to the producers; the task calls it at the end of each turn. */
    void commitReleases() {
        for (OneToOneRing r : channels) {
            r.commitReleases();
        }
    }

    /** Elements waiting in the input rings (for metrics; approximate). */
    long pending() {
        long n = 0;
        for (OneToOneRing r : channels) {
            n += r.size();
        }
        return n;
    }
}
