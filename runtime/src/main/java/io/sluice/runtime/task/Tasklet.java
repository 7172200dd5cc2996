package io.sluice.runtime.task;

/**
 * A unit of cooperative work run by a worker thread. {@link #doWork()} does a bounded amount of
 * work (about a millisecond at most), never blocks, and returns how much it did (0 = idle).
 */
public interface Tasklet {

    /** Called once on the worker thread before the first {@link #doWork()}. */
    void open() throws Exception;

    int doWork() throws Exception;

    boolean isFinished();

    /** Releases resources; on the worker thread, once, whatever the outcome. Returns a close failure or null. */
    Exception close(TaskState finalState);

    String name();
}
