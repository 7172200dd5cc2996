package io.sluice.examples.iot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The window results the job must produce, computed by brute force over the readings in arrival
 * order: the watermark after each reading, which readings are dropped, and every firing of every
 * window (the on-time one, and one more for each reading admitted by the allowed lateness).
 */
final class TelemetryOracle {

    private TelemetryOracle() {
    }

    /** Every window result line the job emits, in no particular order. */
    static List<String> windowLines(List<Reading> arrivals) {
        Map<String, TreeMap<Long, MinAvgMax.Acc>> windows = new HashMap<>();
        MinAvgMax fold = new MinAvgMax();
        List<String> lines = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (Reading r : arrivals) {
            if (!TelemetryRules.isLate(r.timeMs(), watermark)) {
                long start = TelemetryRules.windowMaxTimestamp(r.timeMs()) + 1 - TelemetryRules.WINDOW_MS;
                MinAvgMax.Acc acc = fold.add(r, windows.computeIfAbsent(r.series(), s -> new TreeMap<>())
                        .getOrDefault(start, fold.createAccumulator()));
                windows.get(r.series()).put(start, acc);
                if (start + TelemetryRules.WINDOW_MS - 1 <= watermark) {
                    lines.add(line(r.series(), start, acc));
                }
            }
            maxTime = Math.max(maxTime, r.timeMs());
            long next = TelemetryRules.watermarkAfter(maxTime);
            if (next > watermark) {
                fire(windows, watermark, next, lines);
                watermark = next;
            }
        }
        fire(windows, watermark, Long.MAX_VALUE, lines);
        return lines;
    }

    /** Fires the windows whose last timestamp is in (from, to]. */
    private static void fire(Map<String, TreeMap<Long, MinAvgMax.Acc>> windows, long from, long to,
                             List<String> lines) {
        for (Map.Entry<String, TreeMap<Long, MinAvgMax.Acc>> series : windows.entrySet()) {
            for (Map.Entry<Long, MinAvgMax.Acc> w : series.getValue().entrySet()) {
                long maxTimestamp = w.getKey() + TelemetryRules.WINDOW_MS - 1;
                if (maxTimestamp > from && maxTimestamp <= to) {
                    lines.add(line(series.getKey(), w.getKey(), w.getValue()));
                }
            }
        }
    }

    private static String line(String series, long start, MinAvgMax.Acc a) {
        int slash = series.indexOf('/');
        return new WindowStats(series.substring(0, slash), series.substring(slash + 1), start,
                start + TelemetryRules.WINDOW_MS, a.count(), a.min(), a.sum() / a.count(), a.max()).toString();
    }
}
