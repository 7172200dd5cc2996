package io.sluice.api.windowing;

import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A trigger context for one key: clocks set by the test, timers kept in sorted sets, and reducing
 * state kept in memory per window. {@link #window} chooses the window that state calls are scoped to.
 */
final class FakeTriggerContext implements Trigger.OnMergeContext {

    long processingTime;
    long watermark = Long.MIN_VALUE;
    final TreeSet<Long> eventTimeTimers = new TreeSet<>();
    final TreeSet<Long> processingTimeTimers = new TreeSet<>();
    private final Map<Window, Map<String, InMemoryReducingState<?>>> stateByWindow = new HashMap<>();
    private Window current;
    private List<Window> mergedWindows = List.of();

    /** Scopes the following state calls to {@code window}. */
    FakeTriggerContext window(Window window) {
        this.current = window;
        return this;
    }

    /** Scopes state calls to {@code result}, into which {@code merged} are being merged. */
    FakeTriggerContext merging(List<? extends Window> merged, Window result) {
        this.mergedWindows = new ArrayList<>(merged);
        this.current = result;
        return this;
    }

    @Override
    public long getCurrentProcessingTime() {
        return processingTime;
    }

    @Override
    public long getCurrentWatermark() {
        return watermark;
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        processingTimeTimers.add(time);
    }

    @Override
    public void registerEventTimeTimer(long time) {
        eventTimeTimers.add(time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        processingTimeTimers.remove(time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        eventTimeTimers.remove(time);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends State> S getPartitionedState(StateDescriptor<S, ?> descriptor) {
        if (!(descriptor instanceof ReducingStateDescriptor<?> reducing)) {
            throw new UnsupportedOperationException("the fake keeps reducing state only, not " + descriptor);
        }
        return (S) stateByWindow.computeIfAbsent(current, w -> new HashMap<>())
                .computeIfAbsent(descriptor.name(), n -> new InMemoryReducingState<>(reducing));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void mergePartitionedState(StateDescriptor<? extends State, ?> descriptor) {
        ReducingState target = (ReducingState) getPartitionedState((StateDescriptor) descriptor);
        for (Window w : mergedWindows) {
            Map<String, InMemoryReducingState<?>> states = stateByWindow.get(w);
            InMemoryReducingState<?> source = states == null ? null : states.get(descriptor.name());
            if (source != null && source.get() != null && !w.equals(current)) {
                target.add(source.get());
                source.clear();
            }
        }
    }

    /** The stored value of {@code descriptor} in {@code window}, or null. */
    Object stateOf(Window window, StateDescriptor<?, ?> descriptor) {
        Map<String, InMemoryReducingState<?>> states = stateByWindow.get(window);
        InMemoryReducingState<?> s = states == null ? null : states.get(descriptor.name());
        return s == null ? null : s.get();
    }

    /** Stored values that are not null, over every window and name. */
    long storedValues() {
        return stateByWindow.values().stream().flatMap(m -> m.values().stream()).filter(s -> s.get() != null).count();
    }

    static final class InMemoryReducingState<T> implements ReducingState<T> {
        private final ReducingStateDescriptor<T> descriptor;
        private T value;

        InMemoryReducingState(ReducingStateDescriptor<T> descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public T get() {
            return value;
        }

        @Override
        public void add(T v) {
            try {
                value = value == null ? v : descriptor.reduceFunction().reduce(value, v);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void clear() {
            value = null;
        }
    }
}
