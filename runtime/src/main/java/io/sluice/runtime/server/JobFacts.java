package io.sluice.runtime.server;

import io.sluice.api.JobStatus;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.runtime.checkpoint.CheckpointRecord;
import io.sluice.runtime.executor.ManagedJob;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

/**
 * What the runtime shows of a job, as plain data: read live from a running job, or kept once it has
 * ended, when the running job (its plan, functions and class loader) is let go so that its classes
 * can be unloaded.
 *
 * @param endTime null while it runs
 * @param failure its latest failure, null if none
 */
record JobFacts(String name, JobStatus status, Instant startTime, Instant endTime, CheckpointMetrics checkpoints,
                List<CheckpointRecord> history, FailureText failure) {

    /** A failure as text: its message and stack trace, holding no reference to the job's classes. */
    record FailureText(Instant time, String message, String stackTrace) {

        static FailureText of(ManagedJob.Failure failure) {
            if (failure == null) {
                return null;
            }
            Throwable cause = failure.cause();
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            return new FailureText(failure.time(), cause.getMessage() != null ? cause.getMessage() : cause.toString(),
                    trace.toString());
        }
    }

    static JobFacts of(ManagedJob job) {
        return new JobFacts(job.name(), job.status(), job.startTime(), job.endTime(), job.checkpointMetrics(),
                job.checkpointHistory(), FailureText.of(job.lastFailure()));
    }

    long uptimeMs(long nowMs) {
        return Math.max(0, (endTime == null ? nowMs : endTime.toEpochMilli()) - startTime.toEpochMilli());
    }
}
