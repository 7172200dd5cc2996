package io.sluice.api.windowing;

import java.time.Duration;

/** Session windows of processing time. */
public final class ProcessingTimeSessionWindows<T> extends EventTimeSessionWindows<T> {

    private ProcessingTimeSessionWindows(long gapMs) {
        super(gapMs, false);
    }

    public static <T> ProcessingTimeSessionWindows<T> withGap(Duration gap) {
        return new ProcessingTimeSessionWindows<>(gap.toMillis());
    }
}
