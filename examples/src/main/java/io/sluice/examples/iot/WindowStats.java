package io.sluice.examples.iot;

import java.time.Instant;
import java.util.Locale;

/**
 * The min, average and max of one series in one window, as one line ({@link #toString()}).
 * A window updated by a late reading is reported again, with every reading it holds.
 */
public record WindowStats(String device, String sensor, long startMs, long endMs, long count, double min,
                          double avg, double max) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "WINDOW device=%s sensor=%s start=%s count=%d min=%.2f avg=%.4f max=%.2f",
                device, sensor, Instant.ofEpochMilli(startMs), count, min, avg, max);
    }
}
