package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.runtime.checkpoint.CheckpointRecord;
import io.sluice.runtime.plan.ExecutionPlan;

import java.time.Instant;
import java.util.List;

/** What the runtime server shows of a job beyond what its {@link JobClient} offers. Thread-safe. */
public interface ManagedJob extends JobClient {

    String name();

    /** Its chains, their parallelism and the edges between them. */
    ExecutionPlan plan();

    Instant startTime();

    /** When it ended, or null while it runs. */
    Instant endTime();

    /** The latest failure of a task, also when the job restarted after it; null if none. */
    Failure lastFailure();

    /** Its latest checkpoints and savepoints, newest first. */
    List<CheckpointRecord> checkpointHistory();

    /** A task's failure and when it happened. */
    record Failure(Instant time, Throwable cause) {
    }
}
