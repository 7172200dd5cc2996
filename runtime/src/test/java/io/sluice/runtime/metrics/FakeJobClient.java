package io.sluice.runtime.metrics;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.metrics.JobMetrics;

import java.time.Duration;
import java.util.List;

/** A job client that reports given figures, for the collector's own rules; no job runs. */
class FakeJobClient implements JobClient {

    private final String jobId;
    private final JobStatus status;
    long uptimeMs = -1;
    JobMetrics metrics = new JobMetrics(List.of());
    CheckpointMetrics checkpoints = CheckpointMetrics.NONE;

    FakeJobClient(String jobId, JobStatus status) {
        this.jobId = jobId;
        this.status = status;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public JobStatus status() {
        return status;
    }

    @Override
    public void cancel() {
    }

    @Override
    public JobResult await() {
        throw new UnsupportedOperationException("no job runs");
    }

    @Override
    public JobResult await(Duration timeout) {
        throw new UnsupportedOperationException("no job runs");
    }

    @Override
    public long uptimeMs() {
        return uptimeMs;
    }

    @Override
    public JobMetrics metrics() {
        return metrics;
    }

    @Override
    public CheckpointMetrics checkpointMetrics() {
        return checkpoints;
    }
}
