package io.sluice.runtime.task;

import java.util.concurrent.TimeUnit;

/**
 * The time of one worker thread, read once per round for every task the thread runs: a round
 * starts with {@link #tick()} (one {@code System.nanoTime()} read), and a task that did work marks
 * its end with {@link #lap()} so that busy time is measured without a read per idle task. Wall-clock
 * milliseconds (processing time, the same for every task of a round) are derived from the tick's
 * read, re-anchored to
 * {@code System.currentTimeMillis()} about once a second and never going backwards.
 *
 * <p>Owned by its worker thread: not thread-safe, and only that thread reads it.
 */
public final class WorkerClock {

    private static final long REANCHOR_NS = TimeUnit.SECONDS.toNanos(1);

    private long anchorNs;
    private long anchorMs;
    private long nowNs;
    private long nowMs;

    public WorkerClock() {
        anchorNs = System.nanoTime();
        anchorMs = System.currentTimeMillis();
        nowNs = anchorNs;
        nowMs = anchorMs;
    }

    /** The start of a round: reads the time once for every task of the round. */
    public void tick() {
        advanceTo(System.nanoTime());
    }

    /** A task that did work ended its turn: the time now, which is where the next task's turn starts. */
    public long lap() {
        nowNs = System.nanoTime(); // processing time stays the round's: every task of a round sees one time
        return nowNs;
    }

    /** {@code System.nanoTime()} as of the last {@link #tick()} or {@link #lap()}. */
    public long nowNs() {
        return nowNs;
    }

    /** Wall-clock milliseconds as of the last {@link #tick()}: the processing time of the round. */
    public long nowMs() {
        return nowMs;
    }

    private void advanceTo(long ns) {
        nowNs = ns;
        if (ns - anchorNs >= REANCHOR_NS) {
            anchorNs = ns;
            anchorMs = System.currentTimeMillis(); // once a second: follows clock adjustments
        }
        long ms = anchorMs + (ns - anchorNs) / 1_000_000L;
        if (ms > nowMs) {
            nowMs = ms; // processing time never goes backwards, even when the wall clock is set back
        }
    }
}
