package io.sluice.api.windowing;

import java.time.Duration;

/** Fixed-size, non-overlapping windows of processing time (the wall clock when the element arrives). */
public final class TumblingProcessingTimeWindows<T> extends TumblingWindows<T> {

    private TumblingProcessingTimeWindows(long sizeMs, long offsetMs) {
        super(sizeMs, offsetMs, false);
    }

    public static <T> TumblingProcessingTimeWindows<T> of(Duration size) {
        return new TumblingProcessingTimeWindows<>(size.toMillis(), 0);
    }

    public static <T> TumblingProcessingTimeWindows<T> of(Duration size, Duration offset) {
        return new TumblingProcessingTimeWindows<>(size.toMillis(), offset.toMillis());
    }
}
