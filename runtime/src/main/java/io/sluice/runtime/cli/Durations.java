package io.sluice.runtime.cli;

/** Durations for people: "3h 02m 05s", "4m 10s", "12s", "850 ms". */
final class Durations {

    private Durations() {
    }

    static String format(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        return String.format("%dh %02dm %02ds", s / 3600, (s / 60) % 60, s % 60);
    }
}
