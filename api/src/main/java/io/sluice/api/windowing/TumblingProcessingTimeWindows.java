package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.time.Duration;
import java.util.List;

/** Fixed-size, non-overlapping windows of processing time (the wall clock when the element arrives). */
public class TumblingProcessingTimeWindows<T> extends WindowAssigner<T, TimeWindow> {

    private final long sizeMs;
    private final long offsetMs;

    private TumblingProcessingTimeWindows(long sizeMs, long offsetMs) {
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

    public static <T> TumblingProcessingTimeWindows<T> of(Duration size) {
        return new TumblingProcessingTimeWindows<>(size.toMillis(), 0);
    }

    public static <T> TumblingProcessingTimeWindows<T> of(Duration size, Duration offset) {
        return new TumblingProcessingTimeWindows<>(size.toMillis(), offset.toMillis());
    }

    @Override
    public List<TimeWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        long start = TimeWindow.windowStart(currentProcessingTime, offsetMs, sizeMs);
        return List.of(new TimeWindow(start, start + sizeMs));
    }

    @Override
    public Trigger<Object, TimeWindow> defaultTrigger() {
        return ProcessingTimeTrigger.create();
    }

    @Override
    public boolean isEventTime() {
        return false;
    }

    @Override
    public TypeSerializer<TimeWindow> windowSerializer() {
        return TimeWindow.SERIALIZER;
    }

    @Override
    public String toString() {
        return "TumblingProcessingTimeWindows(" + sizeMs + " ms)";
    }
}
