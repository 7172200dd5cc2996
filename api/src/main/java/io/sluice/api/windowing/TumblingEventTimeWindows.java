package io.sluice.api.windowing;

import java.time.Duration;

/** Fixed-size, non-overlapping event-time windows, aligned to the epoch (plus an optional offset). */
public final class TumblingEventTimeWindows<T> extends TumblingWindows<T> {

    private TumblingEventTimeWindows(long sizeMs, long offsetMs) {
        super(sizeMs, offsetMs, true);
    }

    public static <T> TumblingEventTimeWindows<T> of(Duration size) {
        return new TumblingEventTimeWindows<>(size.toMillis(), 0);
    }

    public static <T> TumblingEventTimeWindows<T> of(Duration size, Duration offset) {
        return new TumblingEventTimeWindows<>(size.toMillis(), offset.toMillis());
    }
}
