package io.sluice.connectors.datagen;

import io.sluice.api.connector.ReaderOutput;

/**
 * The live position of one {@link DataGenSplit} inside a reader, with the split's output and the
 * anchor of its rate schedule. Touched only by the reader's worker thread.
 */
final class SplitCursor<T> {

    private final DataGenSplit split;
    private long next;
    private long anchorMs;
    private long anchorIndex;
    private ReaderOutput.SplitOutput<T> output;

    SplitCursor(DataGenSplit split) {
        this.split = split;
        this.next = split.next();
    }

    String splitId() {
        return split.splitId();
    }

    long next() {
        return next;
    }

    boolean isFinished() {
        return next >= split.end();
    }

    /** True once {@link #start} has given the cursor its output and anchor. */
    boolean isStarted() {
        return output != null;
    }

    /**
     * Registers the split's output and anchors its schedule at {@code nowMs}. The anchor index is the
     * start of the current stride row, so that split {@code i} stays {@code i} indices behind split 0
     * in time, exactly as on a fresh start.
     */
    void start(ReaderOutput.SplitOutput<T> splitOutput, long nowMs) {
        this.output = splitOutput;
        this.anchorMs = nowMs;
        this.anchorIndex = next - (next % split.stride());
    }

    ReaderOutput.SplitOutput<T> output() {
        return output;
    }

    /** When {@link #next()} is due under {@code schedule}. */
    long scheduledTimeMs(RateSchedule schedule) {
        return schedule.scheduledTimeMs(anchorMs, next - anchorIndex);
    }

    /** Moves to the next index of the split, or to its end, without overflowing. */
    void advance() {
        long end = split.end();
        next = next >= end - split.stride() ? end : next + split.stride();
    }

    /** The split at its current position. */
    DataGenSplit snapshot() {
        return split.at(next);
    }
}
