package io.sluice.runtime.task;

/**
 * The lifecycle of a task.
 * <pre>
 *   CREATED ──► RUNNING ──► FINISHING ──► AWAITING_END_OF_JOB ──► FINISHED
 *      │           │            │                 │
 *      └───────────┴────────────┴─────────────────┴──────► FAILED / CANCELED
 * </pre>
 * FINISHING: input ended; the final watermark, then finishing every operator, then END_OF_INPUT
 * downstream. AWAITING_END_OF_JOB: all output emitted; the task still takes part in checkpoints
 * (recorded as finished) until every task of the job has ended and the job's end is settled: its
 * final checkpoint completed, whose completion commits the sinks' last transactions (or, without
 * periodic checkpoints, the job said so). A task restored as finished starts there at once.
 */
public enum TaskState {
    CREATED, RUNNING, FINISHING, AWAITING_END_OF_JOB, FINISHED, FAILED, CANCELED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELED;
    }
}
