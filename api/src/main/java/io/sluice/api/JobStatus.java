package io.sluice.api;

/**
 * The lifecycle of a job.
 * <pre>
 *   CREATED ──► RUNNING ──► FINISHED
 *      │         │  ▲ ├───► FAILED
 *      │         │  │ └───► CANCELLING ──► CANCELED
 *      │         │  │              ├──────► FAILED (failed while cancelling)
 *      │         │  │              └──────► FINISHED (every task had finished before the cancel reached it)
 *      │         ▼  │
 *      │       RESTARTING (a task failed: the job restarts from its latest checkpoint)
 *      │         └──────► FAILED (no restart left), CANCELLING, CANCELED
 *      ├──► FAILED (could not start)
 *      └──► CANCELED (cancelled before it started)
 * </pre>
 */
public enum JobStatus {
    CREATED, RUNNING, RESTARTING, CANCELLING, FINISHED, CANCELED, FAILED;

    public boolean isTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }

    /** Whether a job may move from this status to {@code next}. */
    public boolean canMoveTo(JobStatus next) {
        switch (this) {
            case CREATED: return next == RUNNING || next == FAILED || next == CANCELED;
            case RUNNING: return next == FINISHED || next == FAILED || next == CANCELLING || next == RESTARTING;
            case RESTARTING: return next == RUNNING || next == FAILED || next == CANCELLING || next == CANCELED;
            case CANCELLING: return next == CANCELED || next == FAILED || next == FINISHED;
            default: return false;
        }
    }
}
