package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.util.Collection;
import java.util.List;

/**
 * Session windows: each element opens {@code [time, time + gap)}, and a key's windows that overlap
 * or touch merge, so elements at most {@code gap} apart share a window. In event or processing time.
 */
abstract class SessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {

    private final long gapMs;
    private final boolean eventTime;

    SessionWindows(long gapMs, boolean eventTime) {
        if (gapMs <= 0) {
            throw new IllegalArgumentException("session gap must be positive, got " + gapMs + " ms");
        }
        this.gapMs = gapMs;
        this.eventTime = eventTime;
    }

    /** The gap that closes a session: a key's elements at most this far apart share a window. */
    public long gapMillis() {
        return gapMs;
    }

    @Override
    public List<TimeWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        long t = eventTime ? timestamp : currentProcessingTime;
        return List.of(new TimeWindow(t, t + gapMs));
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        TimeWindow.mergeWindows(windows, callback);
    }

    @Override
    public Trigger<Object, TimeWindow> defaultTrigger() {
        return eventTime ? EventTimeTrigger.create() : ProcessingTimeTrigger.create();
    }

    @Override
    public boolean isEventTime() {
        return eventTime;
    }

    @Override
    public TypeSerializer<TimeWindow> windowSerializer() {
        return TimeWindow.SERIALIZER;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(gap " + gapMs + " ms)";
    }
}
