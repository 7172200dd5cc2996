package io.sluice.examples.iot;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/**
 * Per device: alerts when event time passes {@link TelemetryRules#SILENCE_MS} after its newest
 * reading (an event-time timer, moved with each newer reading), and again when a reading newer than
 * that one arrives. Readings older than the newest (out of order) change nothing. At the end of
 * input every timer fires with the final watermark; those are not silences and say nothing.
 */
final class SilenceDetector extends KeyedProcessFunction<String, Reading, Alert> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> lastSeenMs;
    private transient ValueState<Boolean> silent;

    @Override
    public void open(RuntimeContext context) {
        lastSeenMs = context.getState(new ValueStateDescriptor<>("last-seen-ms", Long.class));
        silent = context.getState(new ValueStateDescriptor<>("silent", Boolean.class));
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<Alert> out) {
        Long last = lastSeenMs.value();
        if (last != null && r.timeMs() <= last) {
            return;
        }
        if (silent.value() != null) {
            out.collect(Alert.back(r.device(), r.timeMs(), last));
            silent.clear();
        } else if (last != null) {
            ctx.timerService().deleteEventTimeTimer(last + TelemetryRules.SILENCE_MS);
        }
        lastSeenMs.update(r.timeMs());
        ctx.timerService().registerEventTimeTimer(r.timeMs() + TelemetryRules.SILENCE_MS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return; // the end of input, not a silence
        }
        silent.update(true);
        out.collect(Alert.silent(ctx.getCurrentKey(), lastSeenMs.value()));
    }
}
