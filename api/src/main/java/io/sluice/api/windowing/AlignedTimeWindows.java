package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

/**
 * What tumbling and sliding assigners share: time windows of event or processing time, fired by
 * the matching default trigger.
 */
abstract class AlignedTimeWindows<T> extends WindowAssigner<T, TimeWindow> implements AlignedWindows {

    protected final boolean eventTime;

    AlignedTimeWindows(boolean eventTime) {
        this.eventTime = eventTime;
    }

    /** The time a window is chosen by: the element's timestamp, or the processing time now. */
    protected final long timeOf(long timestamp, long currentProcessingTime) {
        return eventTime ? timestamp : currentProcessingTime;
    }

    @Override
    public Trigger<Object, TimeWindow> defaultTrigger() {
        return eventTime ? EventTimeTrigger.create() : ProcessingTimeTrigger.create();
    }

    @Override
    public boolean isEventTime() {
        return eventTime;
    }

    @Override
    public TypeSerializer<TimeWindow> windowSerializer() {
        return TimeWindow.SERIALIZER;
    }
}
