package io.sluice.api.config;

import java.time.Duration;

/** Options of what the runtime measures beyond its always-on counters. */
public final class MetricsOptions {

    private MetricsOptions() {
    }

    public static final ConfigOption<Duration> LATENCY_INTERVAL = ConfigOption.durationOption(
            "metrics.latency-interval", Duration.ZERO,
            "How often every source subtask sends a latency marker through the job; each task records how long"
                    + " markers took to reach it. 0 turns latency tracking off and costs nothing.");
}
