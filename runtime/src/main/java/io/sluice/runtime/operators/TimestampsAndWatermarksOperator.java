package io.sluice.runtime.operators;

import io.sluice.api.time.TimestampAssigner;
import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;
import io.sluice.api.time.WatermarkStrategy;

/**
 * {@code assignTimestampsAndWatermarks}: stamps records and makes this subtask's watermarks,
 * replacing upstream event time (upstream watermarks and idleness are not forwarded, except the
 * final watermark at end of input).
 */
public final class TimestampsAndWatermarksOperator<T> extends StreamOperator<T, T> implements WatermarkOutput {

    private final WatermarkStrategy<T> strategy;
    private TimestampAssigner<T> assigner;
    private WatermarkGenerator<T> generator;
    private long idleTimeoutMs;
    private long lastElementMs;
    private long lastEmitted = Long.MIN_VALUE;
    private boolean idle;

    public TimestampsAndWatermarksOperator(WatermarkStrategy<T> strategy) {
        this.strategy = strategy;
    }

    @Override
    public void open() {
        assigner = strategy.timestampAssigner();
        generator = strategy.createWatermarkGenerator();
        idleTimeoutMs = strategy.idleTimeout() == null ? Long.MAX_VALUE : strategy.idleTimeout().toMillis();
        lastElementMs = context.currentProcessingTime();
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        long ts = assigner.extractTimestamp(value, timestamp);
        lastElementMs = context.currentProcessingTime();
        if (idle) {
            markActive();
        }
        // The element goes first: a watermark it prompts must not overtake it.
        output.collect(value, ts);
        generator.onEvent(value, ts, this);
    }

    @Override
    public int processWatermark(long watermark) {
        if (watermark == Long.MAX_VALUE) {
            lastEmitted = Long.MAX_VALUE;
            return FORWARD; // end of input: let every downstream window fire
        }
        return HOLD;
    }

    @Override
    public boolean forwardsStatus() {
        return false;
    }

    @Override
    public void onPeriodic(long nowMs) {
        if (!idle && nowMs - lastElementMs >= idleTimeoutMs) {
            markIdle();
            return;
        }
        generator.onPeriodicEmit(this);
    }

    @Override
    public void emitWatermark(long timestamp) {
        if (timestamp > lastEmitted) {
            lastEmitted = timestamp;
            if (idle) {
                markActive();
            }
            currentWatermark = timestamp;
            context.watermarkEmitter().emitWatermark(timestamp);
        }
    }

    @Override
    public void markIdle() {
        if (!idle) {
            idle = true;
            context.watermarkEmitter().emitIdle();
        }
    }

    @Override
    public void markActive() {
        if (idle) {
            idle = false;
            context.watermarkEmitter().emitActive();
        }
    }
}
