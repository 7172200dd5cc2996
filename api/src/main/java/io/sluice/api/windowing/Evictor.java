package io.sluice.api.windowing;

import java.io.Serializable;

/**
 * Removes elements from a window when it fires (Flink's {@code Evictor}): {@link #evictBefore}
 * before the window function sees them, {@link #evictAfter} after. Elements are removed through
 * the iterator of {@code elements} ({@code Iterator.remove()}); what remains is the window's
 * content from then on.
 *
 * <p>A window with an evictor keeps every element (as list state), not an incremental
 * {@code reduce}/{@code aggregate} result, since the evictor must see them all: the reduce or
 * aggregate function runs over the remaining elements at each firing. Called on the task thread.
 */
public interface Evictor<T, W extends Window> extends Serializable {

    /**
     * Evicts before the window function runs.
     *
     * @param size the number of elements, for evictors that need only that
     */
    void evictBefore(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext context);

    /** Evicts after the window function ran. */
    void evictAfter(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext context);

    /** What an evictor may ask about time. */
    interface EvictorContext {

        long getCurrentProcessingTime();

        long getCurrentWatermark();
    }
}
