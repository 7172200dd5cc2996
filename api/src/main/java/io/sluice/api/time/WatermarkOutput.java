package io.sluice.api.time;

/** Where a {@link WatermarkGenerator} sends watermarks and idleness. */
public interface WatermarkOutput {

    /** Declares that no element with a timestamp at or below {@code timestamp} will follow. */
    void emitWatermark(long timestamp);

    /** Declares this split or stream idle: it is left out of downstream watermark calculations. */
    void markIdle();

    /** Declares it active again (also implied by emitting a watermark). */
    void markActive();
}
