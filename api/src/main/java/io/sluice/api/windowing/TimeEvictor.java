package io.sluice.api.windowing;

import java.time.Duration;
import java.util.Iterator;

/**
 * Keeps the elements whose timestamp is within {@code windowSize} of the latest timestamp in the
 * window: evicts every element with {@code timestamp <= max - windowSize} (Flink's
 * {@code TimeEvictor}). Elements without timestamps are left alone.
 */
public final class TimeEvictor<W extends Window> implements Evictor<Object, W> {

    private final long windowSizeMs;
    private final boolean doEvictAfter;

    private TimeEvictor(Duration windowSize, boolean doEvictAfter) {
        if (windowSize.isNegative()) {
            throw new IllegalArgumentException("the size of a TimeEvictor must not be negative: " + windowSize);
        }
        this.windowSizeMs = windowSize.toMillis();
        this.doEvictAfter = doEvictAfter;
    }

    /** Evicts before the window function runs. */
    public static <W extends Window> TimeEvictor<W> of(Duration windowSize) {
        return new TimeEvictor<>(windowSize, false);
    }

    /** Evicts after the window function ran when {@code doEvictAfter}, else before. */
    public static <W extends Window> TimeEvictor<W> of(Duration windowSize, boolean doEvictAfter) {
        return new TimeEvictor<>(windowSize, doEvictAfter);
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (!doEvictAfter) {
            evict(elements);
        }
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (doEvictAfter) {
            evict(elements);
        }
    }

    private void evict(Iterable<TimestampedValue<Object>> elements) {
        long max = Long.MIN_VALUE;
        boolean any = false;
        for (TimestampedValue<Object> e : elements) {
            if (e.hasTimestamp()) {
                any = true;
                max = Math.max(max, e.getTimestamp());
            }
        }
        if (!any) {
            return;
        }
        long cutoff = max - windowSizeMs;
        if (cutoff > max) {
            return; // underflow: every timestamp is within the size
        }
        for (Iterator<TimestampedValue<Object>> it = elements.iterator(); it.hasNext(); ) {
            TimestampedValue<Object> e = it.next();
            if (e.hasTimestamp() && e.getTimestamp() <= cutoff) {
                it.remove();
            }
        }
    }

    @Override
    public String toString() {
        return "TimeEvictor(" + windowSizeMs + " ms" + (doEvictAfter ? ", after" : "") + ")";
    }
}
