package io.sluice.runtime.operators.window;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.Window;
import io.sluice.runtime.operators.OperatorContext;
import io.sluice.runtime.time.InternalTimerService;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyedStateBackend;

import java.util.Collection;

/**
 * What a trigger sees: timers and state scoped to the current key and to the window set with
 * {@link #setWindow}. Reused for every call. Task thread only.
 */
final class WindowTriggerContext<W extends Window> implements Trigger.OnMergeContext {

    private final KeyedStateBackend backend;
    private final InternalTimerService<W> timers;
    private final OperatorContext context;
    /** Trigger state is scoped to the window: its serializer is the state's namespace serializer. */
    private final TypeSerializer<W> windowSerializer;
    private W window;
    private Collection<W> mergedWindows;

    WindowTriggerContext(KeyedStateBackend backend, InternalTimerService<W> timers, OperatorContext context,
                         TypeSerializer<W> windowSerializer) {
        this.backend = backend;
        this.timers = timers;
        this.context = context;
        this.windowSerializer = windowSerializer;
    }

    void setWindow(W window) {
        this.window = window;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void onMerge(Trigger trigger, Collection<W> mergedWindows) throws Exception {
        this.mergedWindows = mergedWindows;
        trigger.onMerge(window, this);
        this.mergedWindows = null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void clear(Trigger trigger) throws Exception {
        trigger.clear(window, this);
    }

    @Override
    public long getCurrentProcessingTime() {
        return context.currentProcessingTime();
    }

    @Override
    public long getCurrentWatermark() {
        return timers.currentWatermark();
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        timers.registerProcessingTimeTimer(window, time);
    }

    @Override
    public void registerEventTimeTimer(long time) {
        timers.registerEventTimeTimer(window, time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        timers.deleteProcessingTimeTimer(window, time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        timers.deleteEventTimeTimer(window, time);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends State> S getPartitionedState(StateDescriptor<S, ?> descriptor) {
        S state = backend.getOrCreateState(descriptor, windowSerializer);
        ((InternalKvState<W>) state).setCurrentNamespace(window);
        return state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void mergePartitionedState(StateDescriptor<? extends State, ?> descriptor) {
        if (mergedWindows == null || mergedWindows.isEmpty()) {
            return;
        }
        State state = backend.getOrCreateState((StateDescriptor<State, ?>) descriptor, windowSerializer);
        try {
            ((InternalKvState<W>) state).mergeNamespaces(window, mergedWindows);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot merge trigger state " + descriptor, e);
        }
    }
}
