package io.sluice.api.windowing;

import io.sluice.api.functions.DeltaFunction;

import java.util.Iterator;
import java.util.Objects;

/**
 * Evicts every element whose delta to the last element of the window is at or above
 * {@code threshold} (Flink's {@code DeltaEvictor}): {@code getDelta(element, last) >= threshold}.
 */
public final class DeltaEvictor<T, W extends Window> implements Evictor<T, W> {

    private final double threshold;
    private final DeltaFunction<T> deltaFunction;
    private final boolean doEvictAfter;

    private DeltaEvictor(double threshold, DeltaFunction<T> deltaFunction, boolean doEvictAfter) {
        this.threshold = threshold;
        this.deltaFunction = Objects.requireNonNull(deltaFunction, "deltaFunction");
        this.doEvictAfter = doEvictAfter;
    }

    /** Evicts before the window function runs. */
    public static <T, W extends Window> DeltaEvictor<T, W> of(double threshold, DeltaFunction<T> deltaFunction) {
        return new DeltaEvictor<>(threshold, deltaFunction, false);
    }

    /** Evicts after the window function ran when {@code doEvictAfter}, else before. */
    public static <T, W extends Window> DeltaEvictor<T, W> of(double threshold, DeltaFunction<T> deltaFunction,
                                                              boolean doEvictAfter) {
        return new DeltaEvictor<>(threshold, deltaFunction, doEvictAfter);
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext ctx) {
        if (!doEvictAfter) {
            evict(elements);
        }
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext ctx) {
        if (doEvictAfter) {
            evict(elements);
        }
    }

    private void evict(Iterable<TimestampedValue<T>> elements) {
        TimestampedValue<T> last = null;
        for (TimestampedValue<T> e : elements) {
            last = e;
        }
        if (last == null) {
            return;
        }
        T lastValue = last.getValue();
        for (Iterator<TimestampedValue<T>> it = elements.iterator(); it.hasNext(); ) {
            if (deltaFunction.getDelta(it.next().getValue(), lastValue) >= threshold) {
                it.remove();
            }
        }
    }

    @Override
    public String toString() {
        return "DeltaEvictor(" + threshold + (doEvictAfter ? ", after" : "") + ")";
    }
}
