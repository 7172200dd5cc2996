package io.sluice.runtime.checkpoint;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/** What a task needs of the coordinator to take part in a checkpoint: where to write, on which thread, whom to tell. */
public interface CheckpointAcknowledger {

    /** The directory of checkpoint {@code id}, or null when it was aborted meanwhile. */
    Path directoryOf(long id);

    /** Where state files are written, off the worker threads. */
    Executor io();

    /** The task's state for the checkpoint is written. Any thread. */
    void acknowledge(TaskSnapshot snapshot);

    /** The task could not take its part: the checkpoint fails. Any thread. */
    void decline(long id, int taskIndex, Throwable cause);

    /**
     * The task has ended (all input processed, all output emitted) and waits for the end of the job
     * ({@link CheckpointParticipant#finishJob}). Its worker thread; never waits on the coordinator.
     */
    void taskEnded(int taskIndex);
}
