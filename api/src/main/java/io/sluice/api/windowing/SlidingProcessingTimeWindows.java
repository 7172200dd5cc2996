package io.sluice.api.windowing;

import java.time.Duration;

/** Sliding windows of processing time. */
public final class SlidingProcessingTimeWindows<T> extends SlidingEventTimeWindows<T> {

    private SlidingProcessingTimeWindows(long sizeMs, long slideMs, long offsetMs) {
        super(sizeMs, slideMs, offsetMs, false);
    }

    public static <T> SlidingProcessingTimeWindows<T> of(Duration size, Duration slide) {
        return new SlidingProcessingTimeWindows<>(size.toMillis(), slide.toMillis(), 0);
    }
}
