package io.sluice.api.metrics;

import java.util.List;

/**
 * Counters of one operator in one subtask, as read at one moment.
 *
 * @param currentWatermark the operator's input watermark, {@code Long.MIN_VALUE} before the first
 * @param recordsDropped   records that went nowhere: late records of a window without a late-data
 *                         side output, and records emitted to a side output that nothing reads
 * @param userMetrics      the metrics the operator's functions registered ({@link MetricGroup}), in
 *                         the order they were registered
 */
public record OperatorMetrics(String operator, int subtask, long recordsIn, long recordsOut, long currentWatermark,
                              long recordsDropped, List<UserMetric> userMetrics) {

    public OperatorMetrics {
        userMetrics = List.copyOf(userMetrics);
    }

    /** Figures of an operator whose functions registered no metrics. */
    public OperatorMetrics(String operator, int subtask, long recordsIn, long recordsOut, long currentWatermark,
                           long recordsDropped) {
        this(operator, subtask, recordsIn, recordsOut, currentWatermark, recordsDropped, List.of());
    }

    /** The metric its functions registered under {@code name}; null if none. */
    public UserMetric userMetric(String name) {
        for (UserMetric m : userMetrics) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
