package io.sluice.runtime.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Records in and out of one operator in one subtask. The task's worker thread counts in plain
 * fields (the hot path pays one increment) and publishes them, with the operator's watermark and
 * dropped records, once per turn that did work ({@link #publish}) with release stores; other threads
 * read only the published values ({@code published*}), with acquire loads: at most one turn stale,
 * never torn, never reordered before what the worker did earlier.
 */
public final class OperatorCounters {

    private static final VarHandle IN;
    private static final VarHandle OUT;
    private static final VarHandle DROPPED;
    private static final VarHandle WATERMARK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IN = lookup.findVarHandle(OperatorCounters.class, "shownIn", long.class);
            OUT = lookup.findVarHandle(OperatorCounters.class, "shownOut", long.class);
            DROPPED = lookup.findVarHandle(OperatorCounters.class, "shownDropped", long.class);
            WATERMARK = lookup.findVarHandle(OperatorCounters.class, "shownWatermark", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String operatorName;
    /** Worker thread only. */
    long recordsIn;
    long recordsOut;
    /** Records emitted to a side output that no operator reads. */
    long sideOutputDiscarded;

    /** What other threads read: written by {@link #publish} only. */
    @SuppressWarnings("unused")
    private long shownIn;
    @SuppressWarnings("unused")
    private long shownOut;
    @SuppressWarnings("unused")
    private long shownDropped;
    @SuppressWarnings("unused")
    private long shownWatermark = Long.MIN_VALUE;

    OperatorCounters(String operatorName) {
        this.operatorName = operatorName;
    }

    /**
     * Worker thread: makes the counts visible to other threads.
     *
     * @param dropped   records the operator itself dropped (late, filtered by a bad-record policy)
     * @param watermark the operator's current watermark
     */
    void publish(long dropped, long watermark) {
        IN.setRelease(this, recordsIn);
        OUT.setRelease(this, recordsOut);
        DROPPED.setRelease(this, sideOutputDiscarded + dropped);
        WATERMARK.setRelease(this, watermark);
    }

    /** Any thread: records in, as of the last publication. */
    public long publishedRecordsIn() {
        return (long) IN.getAcquire(this);
    }

    /** Any thread: records out, as of the last publication. */
    public long publishedRecordsOut() {
        return (long) OUT.getAcquire(this);
    }

    /** Any thread: records discarded to unread side outputs plus those the operator dropped. */
    public long publishedDropped() {
        return (long) DROPPED.getAcquire(this);
    }

    /** Any thread: the operator's watermark, as of the last publication. */
    public long publishedWatermark() {
        return (long) WATERMARK.getAcquire(this);
    }
}
