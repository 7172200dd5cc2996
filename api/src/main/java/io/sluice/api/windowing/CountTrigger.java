package io.sluice.api.windowing;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;

/** Fires every {@code count} elements of a window (wrap in {@link PurgingTrigger} to start afresh). */
public final class CountTrigger<W extends Window> extends Trigger<Object, W> {

    private final long count;
    private final ReducingStateDescriptor<Long> countDescriptor =
            new ReducingStateDescriptor<>("count-trigger", Long::sum, Serializers.LONG);

    private CountTrigger(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("trigger count must be positive, got " + count);
        }
        this.count = count;
    }

    public static <W extends Window> CountTrigger<W> of(long count) {
        return new CountTrigger<>(count);
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) {
        ReducingState<Long> seen = ctx.getPartitionedState(countDescriptor);
        seen.add(1L);
        if (seen.get() >= count) {
            seen.clear();
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
        return true;
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) {
        ctx.mergePartitionedState(countDescriptor);
    }

    @Override
    public void clear(W window, TriggerContext ctx) {
        ctx.getPartitionedState(countDescriptor).clear();
    }

    @Override
    public String toString() {
        return "CountTrigger(" + count + ")";
    }
}
