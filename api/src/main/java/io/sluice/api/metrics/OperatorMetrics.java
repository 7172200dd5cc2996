package io.sluice.api.metrics;

/**
 * Counters of one operator in one subtask, as read at one moment.
 *
 * @param currentWatermark the operator's input watermark, {@code Long.MIN_VALUE} before the first
 */
public record OperatorMetrics(String operator, int subtask, long recordsIn, long recordsOut, long currentWatermark) {
}
