package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.io.Serializable;
import java.util.List;

/** Puts each element into zero or more windows. */
public abstract class WindowAssigner<T, W extends Window> implements Serializable {

    /**
     * @param timestamp   the element's event timestamp (event-time assigners)
     * @param currentProcessingTime the processing time now (processing-time assigners)
     */
    public abstract List<W> assignWindows(T element, long timestamp, long currentProcessingTime);

    public abstract Trigger<? super T, ? super W> defaultTrigger();

    /** True when windows are defined in event time: the stream then needs watermarks. */
    public abstract boolean isEventTime();

    public abstract TypeSerializer<W> windowSerializer();
}
