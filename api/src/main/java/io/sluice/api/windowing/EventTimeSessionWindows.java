package io.sluice.api.windowing;

import java.time.Duration;

/**
 * Event-time session windows: each element opens the window {@code [timestamp, timestamp + gap)},
 * and a key's windows that overlap or touch merge, so elements at most {@code gap} apart share a
 * session (as in Flink).
 */
public final class EventTimeSessionWindows<T> extends SessionWindows<T> {

    private EventTimeSessionWindows(long gapMs) {
        super(gapMs, true);
    }

    public static <T> EventTimeSessionWindows<T> withGap(Duration gap) {
        return new EventTimeSessionWindows<>(gap.toMillis());
    }
}
