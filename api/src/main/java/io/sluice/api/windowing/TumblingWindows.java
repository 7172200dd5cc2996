package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.util.List;

/** Fixed-size, non-overlapping windows aligned to the epoch (plus an offset), in event or processing time. */
abstract class TumblingWindows<T> extends WindowAssigner<T, TimeWindow> {

    private final long sizeMs;
    private final long offsetMs;
    private final boolean eventTime;

    TumblingWindows(long sizeMs, long offsetMs, boolean eventTime) {
        if (sizeMs <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + sizeMs + " ms");
        }
        if (Math.abs(offsetMs) >= sizeMs) {
            throw new IllegalArgumentException("window offset " + offsetMs + " ms must be smaller than the size "
                    + sizeMs + " ms");
        }
        this.sizeMs = sizeMs;
        this.offsetMs = offsetMs;
        this.eventTime = eventTime;
    }

    @Override
    public List<TimeWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        long start = TimeWindow.windowStart(eventTime ? timestamp : currentProcessingTime, offsetMs, sizeMs);
        return List.of(new TimeWindow(start, start + sizeMs));
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

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + sizeMs + " ms" + (offsetMs == 0 ? "" : ", offset " + offsetMs + " ms")
                + ")";
    }
}
