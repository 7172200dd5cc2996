package io.sluice.api;

/**
 * The lifecycle of a job.
 * <pre>
 *   CREATED ──► RUNNING ──► FINISHED
 *      │           ├──────► FAILED
 *      │           └──────► CANCELLING ──► CANCELED
 *      │                         └───────► FAILED (failed while cancelling)
 *      ├──► FAILED (could not start)
 *      └──► CANCELED (cancelled before it started)
 * </pre>
 */
public enum JobStatus {
    CREATED, RUNNING, CANCELLING, FINISHED, CANCELED, FAILED;

    public boolean isTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }

    /** Whether a job may move from this status to {@code next}. */
    public boolean canMoveTo(JobStatus next) {
        switch (this) {
            case CREATED: return next == RUNNING || next == FAILED || next == CANCELED;
            case RUNNING: return next == FINISHED || next == FAILED || next == CANCELLING;
            case CANCELLING: return next == CANCELED || next == FAILED;
            default: return false;
        }
    }
}
