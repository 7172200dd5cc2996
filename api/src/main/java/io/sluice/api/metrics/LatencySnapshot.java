package io.sluice.api.metrics;

/**
 * How long latency markers took from the sources to one task's input, as read at one moment; all
 * times in nanoseconds. Markers are sent by every source subtask at {@code metrics.latency-interval}
 * and travel with the records through the same channels, so a marker's latency is what a record
 * sent at the same moment waited in rings and behind other records on the way; it does not include
 * the time a record spends inside user functions of the task that receives it.
 *
 * <p>{@code count} and {@code sumNs} cover the task's whole run (they only grow); the quantiles and
 * {@code maxNs} cover a recent window, the last 30 to 60 seconds, and are 0 when {@code windowCount}
 * is 0. Quantiles are exact to about 1% (two significant digits), and so is {@code sumNs}.
 *
 * @param count       markers received since the task started
 * @param sumNs       their latencies added up (approximate, see above)
 * @param windowCount markers received in the recent window the quantiles describe
 */
public record LatencySnapshot(long count, long sumNs, long windowCount, long p50Ns, long p90Ns, long p99Ns,
                              long p999Ns, long maxNs) {
}
