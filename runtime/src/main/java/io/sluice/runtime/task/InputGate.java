package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;

/**
 * The input rings of a task, polled in turn, with per-channel event time: the task's watermark is
 * the minimum over channels that are neither idle nor ended, and only moves forward. Task thread only.
 */
final class InputGate {

    /** {@link #onElement} result bits; several may be set at once. */
    static final int NONE = 0;
    static final int WATERMARK_ADVANCED = 1;
    static final int BECAME_IDLE = 2;
    static final int BECAME_ACTIVE = 4;
    static final int ALL_ENDED = 8;

    private final OneToOneRing[] channels;
    private final long[] watermarks;
    private final boolean[] idle;
    private final boolean[] ended;
    private int endedCount;
    private int next;
    private int current = -1;

    private long watermark = Long.MIN_VALUE;
    private boolean gateIdle;

    InputGate(OneToOneRing[] channels) {
        this.channels = channels;
        this.watermarks = new long[channels.length];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        this.idle = new boolean[channels.length];
        this.ended = new boolean[channels.length];
    }

    /** The next element of some channel, round robin, or null when every ring is empty. */
    StreamElement poll() {
        int n = channels.length;
        for (int i = 0; i < n; i++) {
            int c = next;
            next = c + 1 == n ? 0 : c + 1;
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
     * as a set of bits. When a gate becomes active and its watermark advances at once, the status
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
                    return ALL_ENDED;
                }
                return recompute() ? WATERMARK_ADVANCED : NONE;
            default:
                throw new IllegalStateException("unexpected element " + e);
        }
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
