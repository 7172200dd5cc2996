package io.sluice.runtime.executor;

import io.sluice.runtime.task.StreamTask;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a job's tasks, from start until every one of its task groups has exited: the first
 * run, or one after a restart. The groups report here from their worker threads (task finished,
 * failure, exit); the job hears when the run is over. Thread-safe.
 */
final class JobAttempt {

    private final JobRun job;
    private final int number;
    private final List<StreamTask> tasks;
    private final io.sluice.runtime.operators.SinkTransactions sinkTransactions;
    /** Looks for new splits while the run goes on; stopped once every group has exited. */
    private final io.sluice.runtime.task.SplitDiscovery splitDiscovery;
    /** Threads started for this run alone (none on a pool); set once by {@link #start}. */
    private volatile List<Thread> threads = List.of();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger unfinishedTasks;
    private final AtomicInteger liveGroups = new AtomicInteger();
    /** Read by every group each round; set once. Volatile: a plain read could be hoisted out of the loop. */
    private volatile boolean stopping;
    private final long startMs = System.currentTimeMillis();

    JobAttempt(JobRun job, int number, List<StreamTask> tasks, io.sluice.runtime.operators.SinkTransactions commits,
               io.sluice.runtime.task.SplitDiscovery splitDiscovery) {
        this.job = job;
        this.number = number;
        this.tasks = tasks;
        this.sinkTransactions = commits;
        this.splitDiscovery = splitDiscovery;
        this.unfinishedTasks = new AtomicInteger(tasks.size());
    }

    /**
     * Starts the groups through {@code launcher}, then split discovery.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the launcher can run nothing any more; nothing was started
     */
    void start(TaskLauncher launcher, List<TaskGroup> groups, String jobName) {
        liveGroups.set(groups.size());
        threads = launcher.launch(this, groups, jobName);
        splitDiscovery.start(jobName);
        if (groups.isEmpty()) {
            splitDiscovery.stop();
            job.attemptEnded(this);
        } else if (liveGroups.get() == 0) {
            splitDiscovery.stop(); // every group ended before discovery started: the last one's stop came too early
        }
    }

    /** 0 for the first run of the job, then 1, 2, ... for each restart. */
    int number() {
        return number;
    }

    List<StreamTask> tasks() {
        return tasks;
    }

    io.sluice.runtime.operators.SinkTransactions sinkTransactions() {
        return sinkTransactions;
    }

    List<Thread> threads() {
        return threads;
    }

    long startMs() {
        return startMs;
    }

    boolean isStopping() {
        return stopping;
    }

    boolean isFailed() {
        return failure.get() != null;
    }

    Throwable failure() {
        return failure.get();
    }

    boolean allTasksFinished() {
        return unfinishedTasks.get() == 0;
    }

    void taskFinished() {
        if (unfinishedTasks.decrementAndGet() == 0) {
            stopping = true;
        }
    }

    void fail(StreamTask task, Throwable cause) {
        if (failure.compareAndSet(null, cause)) {
            job.taskFailed(task, cause);
        } else if (failure.get() != cause) {
            failure.get().addSuppressed(cause);
        }
        stopping = true;
    }

    /** Stops every group after its current round (cancellation, another task failed, the pool closing). */
    void stop() {
        stopping = true;
    }

    /** A group has closed its tasks; called once per group, from its worker thread. */
    void groupExited() {
        if (liveGroups.decrementAndGet() == 0) {
            splitDiscovery.stop();
            job.attemptEnded(this);
        }
    }
}
