package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.runtime.task.StreamTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running job: its tasks, its worker threads and its status. Workers report here (task
 * finished, failure, exit); users cancel and wait here. Thread-safe.
 */
final class JobRun implements JobClient {

    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

    private final String jobId;
    private final String jobName;
    private final List<StreamTask> tasks;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<JobStatus> status = new AtomicReference<>(JobStatus.CREATED);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger unfinishedTasks;
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final CompletableFuture<JobResult> result = new CompletableFuture<>();
    /** Read by every worker each round; set once. Volatile: a plain read could be hoisted out of the loop. */
    private volatile boolean stopping;
    private final long startNs = System.nanoTime();

    JobRun(String jobId, String jobName, List<StreamTask> tasks) {
        this.jobId = jobId;
        this.jobName = jobName;
        this.tasks = tasks;
        this.unfinishedTasks = new AtomicInteger(tasks.size());
    }

    void start(List<Worker> workers) {
        liveWorkers.set(workers.size());
        for (int i = 0; i < workers.size(); i++) {
            Thread t = new Thread(workers.get(i), "sluice-worker-" + jobName + "-" + i);
            threads.add(t);
        }
        move(JobStatus.RUNNING);
        LOG.info("job {} ({}) running: {} tasks on {} workers", jobName, jobId, tasks.size(), workers.size());
        for (Thread t : threads) {
            t.start();
        }
        if (workers.isEmpty()) {
            complete();
        }
    }

    boolean isStopping() {
        return stopping;
    }

    boolean isFailed() {
        return failure.get() != null;
    }

    void taskFinished() {
        if (unfinishedTasks.decrementAndGet() == 0) {
            stopping = true;
        }
    }

    void fail(StreamTask task, Throwable cause) {
        if (failure.compareAndSet(null, cause)) {
            LOG.error("job {} failed in task {}", jobName, task == null ? "?" : task.name(), cause);
        } else if (failure.get() != cause) {
            failure.get().addSuppressed(cause);
        }
        stopping = true;
    }

    void workerExited() {
        if (liveWorkers.decrementAndGet() == 0) {
            complete();
        }
    }

    private void complete() {
        Throwable f = failure.get();
        JobStatus end;
        if (f != null) {
            end = JobStatus.FAILED;
        } else if (unfinishedTasks.get() == 0) {
            end = JobStatus.FINISHED;
        } else {
            end = JobStatus.CANCELED;
        }
        if (end == JobStatus.CANCELED && status.get() == JobStatus.RUNNING) {
            move(JobStatus.CANCELLING);
        }
        move(end);
        Duration duration = Duration.ofNanos(System.nanoTime() - startNs);
        LOG.info("job {} ({}) {} after {} ms", jobName, jobId, end, duration.toMillis());
        JobResult r = new JobResult(jobId, end, duration, metrics());
        if (f != null) {
            result.completeExceptionally(new JobFailedException("job '" + jobName + "' failed: " + f.getMessage(), f));
        } else {
            result.complete(r);
        }
    }

    private void move(JobStatus next) {
        JobStatus current = status.get();
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("job " + jobId + " cannot move from " + current + " to " + next);
        }
        status.set(next);
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public JobStatus status() {
        return status.get();
    }

    @Override
    public void cancel() {
        if (status.compareAndSet(JobStatus.RUNNING, JobStatus.CANCELLING)) {
            LOG.info("cancelling job {} ({})", jobName, jobId);
        }
        stopping = true;
    }

    @Override
    public JobResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw (JobFailedException) e.getCause();
        }
    }

    @Override
    public JobResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw (JobFailedException) e.getCause();
        }
    }

    @Override
    public JobMetrics metrics() {
        List<TaskMetrics> all = new ArrayList<>(tasks.size());
        for (StreamTask t : tasks) {
            all.add(t.metrics());
        }
        return new JobMetrics(all);
    }

    /** The worker threads, for tests that check nothing is left running. */
    List<Thread> threads() {
        return threads;
    }
}
