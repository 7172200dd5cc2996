package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.time.Duration;
import java.util.List;

/** Fixed-size, non-overlapping event-time windows, aligned to the epoch (plus an optional offset). */
public class TumblingEventTimeWindows<T> extends WindowAssigner<T, TimeWindow> {

    protected final long sizeMs;
    protected final long offsetMs;

    protected TumblingEventTimeWindows(long sizeMs, long offsetMs) {
        if (sizeMs <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + sizeMs + " ms");
        }
        if (Math.abs(offsetMs) >= sizeMs) {
            throw new IllegalArgumentException("window offset " + offsetMs + " ms must be smaller than the size "
                    + sizeMs + " ms");
        }
        this.sizeMs = sizeMs;
        this.offsetMs = offsetMs;
    }

    public static <T> TumblingEventTimeWindows<T> of(Duration size) {
        return new TumblingEventTimeWindows<>(size.toMillis(), 0);
    }

    public static <T> TumblingEventTimeWindows<T> of(Duration size, Duration offset) {
        return new TumblingEventTimeWindows<>(size.toMillis(), offset.toMillis());
    }

    @Override
    public List<TimeWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        long start = TimeWindow.windowStart(timestamp, offsetMs, sizeMs);
        return List.of(new TimeWindow(start, start + sizeMs));
    }

    @Override
    public Trigger<Object, TimeWindow> defaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public TypeSerializer<TimeWindow> windowSerializer() {
        return TimeWindow.SERIALIZER;
    }

    @Override
    public String toString() {
        return "TumblingEventTimeWindows(" + sizeMs + " ms)";
    }
}
