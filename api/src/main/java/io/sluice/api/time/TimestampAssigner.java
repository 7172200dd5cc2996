package io.sluice.api.time;

import java.io.Serializable;

/** Extracts an element's event-time timestamp in milliseconds. */
@FunctionalInterface
public interface TimestampAssigner<T> extends Serializable {

    /** Stands for "the element has no timestamp yet". */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * @param recordTimestamp the timestamp the element already carries (e.g. from the source),
     *                        or {@link #NO_TIMESTAMP}
     */
    long extractTimestamp(T element, long recordTimestamp);
}
