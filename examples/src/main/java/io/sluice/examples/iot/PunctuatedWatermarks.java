package io.sluice.examples.iot;

import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;

/**
 * Bounded out-of-orderness, emitted with every reading that raises it rather than periodically: the
 * watermark a reading meets downstream then depends only on the readings before it, so which
 * readings are late is the same in every run (a periodic watermark would depend on timing).
 */
final class PunctuatedWatermarks implements WatermarkGenerator<Reading> {

    private long maxTimeMs = Long.MIN_VALUE;

    @Override
    public void onEvent(Reading r, long timestamp, WatermarkOutput out) {
        if (timestamp > maxTimeMs) {
            maxTimeMs = timestamp;
            out.emitWatermark(TelemetryRules.watermarkAfter(maxTimeMs));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
    }
}
