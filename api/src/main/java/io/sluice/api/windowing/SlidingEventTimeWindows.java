package io.sluice.api.windowing;

import java.time.Duration;

/** Event-time windows of {@code size} starting every {@code slide}: an element belongs to size/slide windows. */
public final class SlidingEventTimeWindows<T> extends SlidingWindows<T> {

    private SlidingEventTimeWindows(long sizeMs, long slideMs, long offsetMs) {
        super(sizeMs, slideMs, offsetMs, true);
    }

    public static <T> SlidingEventTimeWindows<T> of(Duration size, Duration slide) {
        return new SlidingEventTimeWindows<>(size.toMillis(), slide.toMillis(), 0);
    }

    public static <T> SlidingEventTimeWindows<T> of(Duration size, Duration slide, Duration offset) {
        return new SlidingEventTimeWindows<>(size.toMillis(), slide.toMillis(), offset.toMillis());
    }
}
