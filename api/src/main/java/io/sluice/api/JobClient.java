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

    /**
     * How long the job has been up: from its submission until now, through restarts, or until it
     * ended (then it stays fixed); -1 if this client does not know.
     */
    default long uptimeMs() {
        return -1;
    }

    /** Counts and figures of the job's checkpoints and restarts. */
    default io.sluice.api.metrics.CheckpointMetrics checkpointMetrics() {
        return io.sluice.api.metrics.CheckpointMetrics.NONE;
    }

    /**
     * Takes a checkpoint now, whatever the interval; completes with its directory once it is durable,
     * exceptionally if it fails or the job does not support checkpoints.
     */
    default java.util.concurrent.CompletableFuture<java.nio.file.Path> triggerCheckpoint() {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("this job client does not take checkpoints"));
    }

    /**
     * Takes a savepoint into {@code directory}: a self-contained snapshot owned by the user, never
     * deleted by the runtime, that a job (at any parallelism) can start from.
     */
    default java.util.concurrent.CompletableFuture<java.nio.file.Path> triggerSavepoint(java.nio.file.Path directory) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("this job client does not take savepoints"));
    }

    /**
     * Takes a savepoint into {@code directory} and cancels the job once it is durable, with no
     * checkpoint in between: what a later job starting from the savepoint writes again was never
     * committed by this one. Completes with the savepoint's directory; if the savepoint fails, the
     * job keeps running.
     */
    default java.util.concurrent.CompletableFuture<java.nio.file.Path> stopWithSavepoint(java.nio.file.Path directory) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("this job client does not take savepoints"));
    }
}
