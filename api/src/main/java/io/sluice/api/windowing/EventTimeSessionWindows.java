package io.sluice.api.windowing;

import java.time.Duration;

/**
 * Event-time session windows: a key's elements closer than {@code gap} to each other share a
 * window; windows that come to overlap merge.
 */
public final class EventTimeSessionWindows<T> extends SessionWindows<T> {

    private EventTimeSessionWindows(long gapMs) {
        super(gapMs, true);
    }

    public static <T> EventTimeSessionWindows<T> withGap(Duration gap) {
        return new EventTimeSessionWindows<>(gap.toMillis());
    }
}
