package io.sluice.runtime.executor;

import io.sluice.runtime.task.StreamTask;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a job's tasks on their worker threads, from start until every worker has exited: the
 * first run, or one after a restart. Workers report here (task finished, failure, exit); the job
 * hears when the run is over. Thread-safe.
 */
final class JobAttempt {

    private final JobRun job;
    private final int number;
    private final List<StreamTask> tasks;
    private final io.sluice.runtime.operators.SinkTransactions sinkTransactions;
    /** Looks for new splits while the run goes on; stopped once every worker has exited. */
    private final io.sluice.runtime.task.SplitDiscovery splitDiscovery;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger unfinishedTasks;
    private final AtomicInteger liveWorkers = new AtomicInteger();
    /** Read by every worker each round; set once. Volatile: a plain read could be hoisted out of the loop. */
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

    void start(List<Worker> workers, String jobName) {
        liveWorkers.set(workers.size());
        for (int i = 0; i < workers.size(); i++) {
            threads.add(new Thread(workers.get(i), "sluice-worker-" + jobName + "-" + (number == 0 ? "" : number + "-") + i));
        }
        for (Thread t : threads) {
            t.start();
        }
        splitDiscovery.start(jobName);
        if (workers.isEmpty()) {
            splitDiscovery.stop();
            job.attemptEnded(this);
        }
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

    /** Stops every worker after its current round (cancellation, or another task failed). */
    void stop() {
        stopping = true;
    }

    void workerExited() {
        if (liveWorkers.decrementAndGet() == 0) {
            splitDiscovery.stop();
            job.attemptEnded(this);
        }
    }
}
