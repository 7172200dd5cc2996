package io.sluice.api.windowing;

import java.time.Duration;

/** Processing-time windows of {@code size} starting every {@code slide}. */
public final class SlidingProcessingTimeWindows<T> extends SlidingWindows<T> {

    private SlidingProcessingTimeWindows(long sizeMs, long slideMs, long offsetMs) {
        super(sizeMs, slideMs, offsetMs, false);
    }

    public static <T> SlidingProcessingTimeWindows<T> of(Duration size, Duration slide) {
        return new SlidingProcessingTimeWindows<>(size.toMillis(), slide.toMillis(), 0);
    }

    public static <T> SlidingProcessingTimeWindows<T> of(Duration size, Duration slide, Duration offset) {
        return new SlidingProcessingTimeWindows<>(size.toMillis(), slide.toMillis(), offset.toMillis());
    }
}
