package io.sluice.api.time;

import java.time.Duration;

/**
 * Emits, periodically, the highest timestamp seen minus the allowed out-of-orderness, minus one:
 * elements may arrive up to that much later than an element with a larger timestamp.
 */
public class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {

    private final long outOfOrdernessMs;
    private long maxTimestamp;

    public BoundedOutOfOrdernessWatermarks(Duration maxOutOfOrderness) {
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("maxOutOfOrderness must not be negative: " + maxOutOfOrderness);
        }
        this.outOfOrdernessMs = maxOutOfOrderness.toMillis();
        // Start so that the first watermark, before any element, is Long.MIN_VALUE without underflow.
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMs + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(maxTimestamp - outOfOrdernessMs - 1);
    }
}
