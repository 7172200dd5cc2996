package io.sluice.runtime.metrics;

import io.sluice.api.metrics.Meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A user {@link Meter}: events are marked by the subtask's worker thread only, as a
 * {@link UserCounter} is changed; the rate is worked out by the threads that read metrics,
 * serialized among themselves, from the counts earlier reads saw.
 *
 * <p>Each read keeps a sample (time, count) when the newest is at least {@link #SAMPLE_SPACING_NS}
 * old, and drops samples once a newer one is at least {@link #SPAN_NS} old. The rate is the
 * events since the newest sample that old (or since the meter was made, when none is) divided by
 * the time since then: over a little more than the last minute when metrics are read every few
 * seconds, over a longer time when reads are further apart.
 */
final class UserMeter implements Meter {

    static final long SPAN_NS = 60_000_000_000L;
    static final long SAMPLE_SPACING_NS = 5_000_000_000L;
    /** Enough for one sample per spacing over the span, plus the one at its start. */
    private static final int SAMPLES = (int) (SPAN_NS / SAMPLE_SPACING_NS) + 2;

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(UserMeter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Single writer, release store: see {@link UserCounter}. */
    @SuppressWarnings("unused")
    private long count;

    // ---- reader side: guarded by this; a ring of samples, oldest at head ----
    private final long[] sampleNs = new long[SAMPLES];
    private final long[] sampleCount = new long[SAMPLES];
    private int head;
    private int size;

    UserMeter(long createdNs) {
        sampleNs[0] = createdNs;
        size = 1;
    }

    @Override
    public void markEvent() {
        COUNT.setRelease(this, count + 1);
    }

    @Override
    public void markEvent(long n) {
        COUNT.setRelease(this, count + n);
    }

    @Override
    public long getCount() {
        return (long) COUNT.getAcquire(this);
    }

    @Override
    public double getRate() {
        return rate(System.nanoTime());
    }

    /** Events per second up to {@code nowNs}, with the count as read now. */
    synchronized double rate(long nowNs) {
        long events = getCount();
        while (size >= 2 && nowNs - sampleNs[(head + 1) % SAMPLES] >= SPAN_NS) {
            head = (head + 1) % SAMPLES; // the next one is old enough to be the base
            size--;
        }
        long baseNs = sampleNs[head];
        long baseCount = sampleCount[head];
        int newest = (head + size - 1) % SAMPLES;
        if (nowNs - sampleNs[newest] >= SAMPLE_SPACING_NS) {
            if (size == SAMPLES) {
                head = (head + 1) % SAMPLES;
                size--;
            }
            int slot = (head + size) % SAMPLES;
            sampleNs[slot] = nowNs;
            sampleCount[slot] = events;
            size++;
        }
        long elapsedNs = nowNs - baseNs;
        return elapsedNs <= 0 ? 0.0 : (events - baseCount) * 1e9 / elapsedNs;
    }
}
