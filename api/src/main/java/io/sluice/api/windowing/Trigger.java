package io.sluice.api.windowing;

import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;

import java.io.Serializable;

/**
 * Decides when a window fires. Called per element and per timer, scoped to one key and window;
 * keeps its own state through {@link TriggerContext#getPartitionedState}.
 */
public abstract class Trigger<T, W extends Window> implements Serializable {

    public abstract TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception;

    /** True when the trigger supports merging windows (session windows need it). */
    public boolean canMerge() {
        return false;
    }

    /** Called when windows merged into {@code window}: re-register timers, merge state. */
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support merging windows");
    }

    /** Removes the trigger's timers and state for {@code window}. */
    public abstract void clear(W window, TriggerContext ctx) throws Exception;

    /** What a trigger can do while deciding. */
    public interface TriggerContext {

        long getCurrentProcessingTime();

        long getCurrentWatermark();

        void registerProcessingTimeTimer(long time);

        void registerEventTimeTimer(long time);

        void deleteProcessingTimeTimer(long time);

        void deleteEventTimeTimer(long time);

        /** State scoped to the current key and window. */
        <S extends State> S getPartitionedState(StateDescriptor<S, ?> descriptor);
    }

    /** The context of {@link #onMerge}. */
    public interface OnMergeContext extends TriggerContext {
        /** Merges the merged windows' state of {@code descriptor} into the result window. */
        void mergePartitionedState(StateDescriptor<? extends State, ?> descriptor);
    }
}
