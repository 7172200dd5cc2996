package io.sluice.api;

import io.sluice.api.metrics.JobMetrics;

import java.time.Duration;

/** How a job ended, with its final counters. */
public record JobResult(String jobId, JobStatus status, Duration duration, JobMetrics metrics) {
}
