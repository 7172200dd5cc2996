package io.sluice.runtime.task;

/**
 * The lifecycle of a task.
 * <pre>
 *   CREATED ──► RUNNING ──► FINISHING ──► FINISHED
 *      │           │            │
 *      └───────────┴────────────┴──────► FAILED / CANCELED
 * </pre>
 */
public enum TaskState {
    CREATED, RUNNING, FINISHING, FINISHED, FAILED, CANCELED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELED;
    }
}
