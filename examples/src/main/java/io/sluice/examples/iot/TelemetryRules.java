package io.sluice.examples.iot;

/** The time rules of the IoT telemetry job, shared by the job, its generator and their tests. */
public final class TelemetryRules {

    /** Length of the tumbling min/avg/max windows. */
    public static final long WINDOW_MS = 10_000;
    /** How far out of order readings may arrive and still be on time (the watermark's lag). */
    public static final long OUT_OF_ORDERNESS_MS = 2_000;
    /** How long a window is kept after it fired, updated by readings that come later. */
    public static final long ALLOWED_LATENESS_MS = 5_000;
    /** Event time without a reading after which a device is reported silent. */
    public static final long SILENCE_MS = 30_000;
    /** Readings of a series seen before its statistics are trusted for anomalies. */
    public static final int WARM_UP_READINGS = 10;
    /** Weight of the newest reading in a series' running mean and variance, once warmed up. */
    public static final double RECENT_WEIGHT = 0.05;

    private TelemetryRules() {
    }

    /** The largest timestamp of the window {@code timeMs} falls in. */
    public static long windowMaxTimestamp(long timeMs) {
        return Math.floorDiv(timeMs, WINDOW_MS) * WINDOW_MS + WINDOW_MS - 1;
    }

    /** The watermark after a reading at {@code maxTimeMs}, the largest event time seen so far. */
    public static long watermarkAfter(long maxTimeMs) {
        return maxTimeMs - OUT_OF_ORDERNESS_MS - 1;
    }

    /** Whether a reading at {@code timeMs} is dropped from its window at watermark {@code watermark}. */
    public static boolean isLate(long timeMs, long watermark) {
        return windowMaxTimestamp(timeMs) + ALLOWED_LATENESS_MS <= watermark;
    }
}
