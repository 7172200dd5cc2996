package io.sluice.api.windowing;

import java.time.Duration;

/** Processing-time session windows. */
public final class ProcessingTimeSessionWindows<T> extends SessionWindows<T> {

    private ProcessingTimeSessionWindows(long gapMs) {
        super(gapMs, false);
    }

    public static <T> ProcessingTimeSessionWindows<T> withGap(Duration gap) {
        return new ProcessingTimeSessionWindows<>(gap.toMillis());
    }
}
