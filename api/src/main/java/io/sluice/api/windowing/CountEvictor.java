package io.sluice.api.windowing;

import java.util.Iterator;

/**
 * Keeps at most the last {@code maxCount} elements of a window, in the order the window holds them
 * (arrival order), evicting from the front (Flink's {@code CountEvictor}).
 */
public final class CountEvictor<W extends Window> implements Evictor<Object, W> {

    private final long maxCount;
    private final boolean doEvictAfter;

    private CountEvictor(long maxCount, boolean doEvictAfter) {
        if (maxCount <= 0) {
            throw new IllegalArgumentException("the count of a CountEvictor must be positive, got " + maxCount);
        }
        this.maxCount = maxCount;
        this.doEvictAfter = doEvictAfter;
    }

    /** Evicts before the window function runs. */
    public static <W extends Window> CountEvictor<W> of(long maxCount) {
        return new CountEvictor<>(maxCount, false);
    }

    /** Evicts after the window function ran when {@code doEvictAfter}, else before. */
    public static <W extends Window> CountEvictor<W> of(long maxCount, boolean doEvictAfter) {
        return new CountEvictor<>(maxCount, doEvictAfter);
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (!doEvictAfter) {
            evict(elements, size);
        }
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (doEvictAfter) {
            evict(elements, size);
        }
    }

    private void evict(Iterable<TimestampedValue<Object>> elements, int size) {
        long toEvict = size - maxCount;
        for (Iterator<TimestampedValue<Object>> it = elements.iterator(); toEvict > 0 && it.hasNext(); toEvict--) {
            it.next();
            it.remove();
        }
    }

    @Override
    public String toString() {
        return "CountEvictor(" + maxCount + (doEvictAfter ? ", after" : "") + ")";
    }
}
