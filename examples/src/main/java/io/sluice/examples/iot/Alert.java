package io.sluice.examples.iot;

import java.time.Instant;
import java.util.Locale;

/**
 * Something about a device worth telling, as one readable line ({@link #toString()}).
 *
 * @param kind   what happened
 * @param device the device
 * @param timeMs the event time it is about: the anomalous reading's, the last reading's before a
 *               silence, or the reading's that ended one
 * @param detail the rest of the line
 */
public record Alert(Kind kind, String device, long timeMs, String detail) {

    /** The kinds of alert, with the word that starts their line. */
    public enum Kind {
        ANOMALY("anomaly"), SILENT("silent"), BACK("back");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    static Alert anomaly(EnrichedReading e, double mean, double sd) {
        Reading r = e.reading();
        return new Alert(Kind.ANOMALY, r.device(), r.timeMs(), String.format(Locale.ROOT,
                "sensor=%s value=%.2f mean=%.2f sd=%.2f limit=%.0fsd site=%s",
                r.sensor(), r.value(), mean, sd, e.info().sigmaLimit(), e.info().site()));
    }

    static Alert silent(String device, long lastSeenMs) {
        return new Alert(Kind.SILENT, device, lastSeenMs, "no reading for " + TelemetryRules.SILENCE_MS / 1000
                + " s of event time");
    }

    static Alert back(String device, long timeMs, long lastSeenMs) {
        return new Alert(Kind.BACK, device, timeMs, "last-seen=" + Instant.ofEpochMilli(lastSeenMs));
    }

    /** {@code ALERT anomaly device=d-07 time=2026-01-01T00:00:41.200Z sensor=temperature value=...}. */
    @Override
    public String toString() {
        return "ALERT " + kind.word() + " device=" + device + " time=" + Instant.ofEpochMilli(timeMs) + " " + detail;
    }
}
