package io.sluice.api.windowing;

import java.util.List;

/** Fixed-size, non-overlapping windows aligned to the epoch (plus an offset), in event or processing time. */
abstract class TumblingWindows<T> extends AlignedTimeWindows<T> {

    private final long sizeMs;
    private final long offsetMs;
    /**
     * The last assignment, reused while elements keep falling into the same window (the common case
     * of ordered input): no window object per element. Each subtask has its own copy of the assigner.
     */
    private transient List<TimeWindow> lastAssigned;

    TumblingWindows(long sizeMs, long offsetMs, boolean eventTime) {
        super(eventTime);
        if (sizeMs <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + sizeMs + " ms");
        }
        if (Math.abs(offsetMs) >= sizeMs) {
            throw new IllegalArgumentException("window offset " + offsetMs + " ms must be smaller than the size "
                    + sizeMs + " ms");
        }
        this.sizeMs = sizeMs;
        this.offsetMs = offsetMs;
    }

    @Override
    public List<TimeWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        long start = TimeWindow.windowStart(timeOf(timestamp, currentProcessingTime), offsetMs, sizeMs);
        List<TimeWindow> last = lastAssigned;
        if (last != null && last.get(0).start() == start) {
            return last;
        }
        last = List.of(new TimeWindow(start, start + sizeMs));
        lastAssigned = last;
        return last;
    }

    @Override
    public long sizeMillis() {
        return sizeMs;
    }

    @Override
    public long slideMillis() {
        return sizeMs;
    }

    @Override
    public long offsetMillis() {
        return offsetMs;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + sizeMs + " ms" + (offsetMs == 0 ? "" : ", offset " + offsetMs + " ms")
                + ")";
    }
}
