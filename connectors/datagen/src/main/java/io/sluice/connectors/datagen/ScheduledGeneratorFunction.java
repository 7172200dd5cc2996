package io.sluice.connectors.datagen;

import java.io.Serializable;

/**
 * Makes the element at one index of a {@link DataGenSource}, knowing when it is due: for a
 * rate-limited source the element's scheduled time, otherwise the processing time when it is made.
 * Called on the reader's worker thread, once per index.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface ScheduledGeneratorFunction<T> extends Serializable {

    /**
     * @param index           the element's global index, from 0
     * @param scheduledTimeMs when the element is due, in milliseconds since the epoch
     */
    T generate(long index, long scheduledTimeMs) throws Exception;
}
