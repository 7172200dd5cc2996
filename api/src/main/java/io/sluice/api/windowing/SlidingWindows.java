package io.sluice.api.windowing;

import java.util.ArrayList;
import java.util.List;

/** Windows of {@code size} starting every {@code slide}, in event or processing time. */
abstract class SlidingWindows<T> extends AlignedTimeWindows<T> {

    private final long sizeMs;
    private final long slideMs;
    private final long offsetMs;

    SlidingWindows(long sizeMs, long slideMs, long offsetMs, boolean eventTime) {
        super(eventTime);
        if (sizeMs <= 0 || slideMs <= 0) {
            throw new IllegalArgumentException("window size and slide must be positive, got size " + sizeMs
                    + " ms and slide " + slideMs + " ms");
        }
        if (Math.abs(offsetMs) >= slideMs) {
            throw new IllegalArgumentException("window offset " + offsetMs + " ms must be smaller than the slide "
                    + slideMs + " ms");
        }
        this.sizeMs = sizeMs;
        this.slideMs = slideMs;
        this.offsetMs = offsetMs;
    }

    @Override
    public List<TimeWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        long t = timeOf(timestamp, currentProcessingTime);
        List<TimeWindow> windows = new ArrayList<>((int) (sizeMs / slideMs) + 1);
        long lastStart = TimeWindow.windowStart(t, offsetMs, slideMs);
        for (long start = lastStart; start > t - sizeMs; start -= slideMs) {
            windows.add(new TimeWindow(start, start + sizeMs));
        }
        return windows;
    }

    @Override
    public long sizeMillis() {
        return sizeMs;
    }

    @Override
    public long slideMillis() {
        return slideMs;
    }

    @Override
    public long offsetMillis() {
        return offsetMs;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + sizeMs + " ms, slide " + slideMs + " ms)";
    }
}
