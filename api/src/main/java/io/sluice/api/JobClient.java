package io.sluice.api;

import io.sluice.api.metrics.JobMetrics;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A handle to a running job. Thread-safe. */
public interface JobClient {

    String jobId();

    JobStatus status();

    /** Asks the job to stop; returns at once. {@link #await} waits for it. */
    void cancel();

    /** Waits until the job ends. A failed job throws {@link JobFailedException}. */
    JobResult await() throws InterruptedException;

    /** Waits at most {@code timeout}. */
    JobResult await(Duration timeout) throws InterruptedException, TimeoutException;

    /** Current counters of every task and operator. */
    JobMetrics metrics();
}
