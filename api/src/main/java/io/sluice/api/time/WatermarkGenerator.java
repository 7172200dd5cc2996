package io.sluice.api.time;

/**
 * Makes watermarks from the elements it sees ({@code onEvent}) and on a timer
 * ({@code onPeriodicEmit}, every {@code pipeline.auto-watermark-interval}). One instance per
 * source split (per-partition watermarks) or per subtask of {@code assignTimestampsAndWatermarks}.
 */
public interface WatermarkGenerator<T> {

    void onEvent(T event, long eventTimestamp, WatermarkOutput output);

    void onPeriodicEmit(WatermarkOutput output);
}
