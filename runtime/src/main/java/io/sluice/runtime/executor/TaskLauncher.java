package io.sluice.runtime.executor;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where the task groups of a job's runs execute: on threads of their own ({@link DedicatedThreads})
 * or on the shared threads of a {@link WorkerPool}. Called by the job's thread that starts a run
 * (the submitter, or the checkpoint coordinator's thread for a restart).
 */
interface TaskLauncher {

    /** The most groups one run's tasks may be spread over (besides {@code execution.workers}). */
    int maxGroups();

    /**
     * Starts running every group: each is opened, driven and closed on one worker thread, and so
     * reports {@link JobAttempt#groupExited} exactly once.
     *
     * @return the threads started for these groups alone, which end with them (none on a pool)
     * @throws RejectedExecutionException when no group can run any more (the pool is closed); then none was started
     */
    List<Thread> launch(JobAttempt attempt, List<TaskGroup> groups, String jobName);
}
