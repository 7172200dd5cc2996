package io.sluice.api.metrics;

/**
 * Counters of one operator in one subtask, as read at one moment.
 *
 * @param currentWatermark the operator's input watermark, {@code Long.MIN_VALUE} before the first
 * @param recordsDropped   records that went nowhere: late records of a window without a late-data
 *                         side output, and records emitted to a side output that nothing reads
 */
public record OperatorMetrics(String operator, int subtask, long recordsIn, long recordsOut, long currentWatermark,
                              long recordsDropped) {
}
