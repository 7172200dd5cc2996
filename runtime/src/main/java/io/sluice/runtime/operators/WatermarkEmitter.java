package io.sluice.runtime.operators;

/** How an operator that makes event time (a source, {@code assignTimestampsAndWatermarks}) sends it downstream. */
public interface WatermarkEmitter {
    void emitWatermark(long watermark);

    void emitIdle();

    void emitActive();
}
