package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.runtime.checkpoint.CheckpointCoordinator;
import io.sluice.runtime.checkpoint.CheckpointStorage;
import io.sluice.runtime.checkpoint.CompletedCheckpoint;
import io.sluice.runtime.recovery.RestartStrategy;
import io.sluice.runtime.task.StreamTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One submitted job over its whole life: its runs ({@link JobAttempt}), its status and result, its
 * checkpoints. When a task fails, every task of the run is stopped and closed; then, if the restart
 * strategy allows, the job runs again from its latest complete checkpoint after the strategy's
 * delay (on the checkpoint coordinator's thread, never a worker's). Thread-safe.
 */
final class JobRun implements ManagedJob {

    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

    private final String jobId;
    private final String jobName;
    private final io.sluice.runtime.plan.ExecutionPlan plan;
    private final JobTasks jobTasks;
    private final CheckpointCoordinator coordinator;
    private final CheckpointStorage storage;
    private final RestartStrategy restartStrategy;
    /** Where every run's tasks execute: threads of the job's own, or a shared pool. */
    private final TaskLauncher launcher;
    /** Where the first run started from, kept as a fallback for restarts before any checkpoint. */
    private final List<Path> initialCandidates;
    private final AtomicReference<JobStatus> status = new AtomicReference<>(JobStatus.CREATED);
    private final CompletableFuture<JobResult> result = new CompletableFuture<>();
    private final long startNs = System.nanoTime();
    private final java.time.Instant startTime = java.time.Instant.now();
    private volatile java.time.Instant endTime;
    private volatile Failure lastFailure;
    /** How long the job was up when it ended, -1 while it has not; volatile: read by metrics threads. */
    private volatile long endedAfterNs = -1;
    private volatile JobAttempt attempt;
    private volatile boolean cancelled;
    private int attempts;

    JobRun(String jobId, String jobName, io.sluice.runtime.plan.ExecutionPlan plan, JobTasks jobTasks, CheckpointCoordinator coordinator, CheckpointStorage storage,
           RestartStrategy restartStrategy, TaskLauncher launcher, List<Path> initialCandidates) {
        this.jobId = jobId;
        this.jobName = jobName;
        this.plan = plan;
        this.jobTasks = jobTasks;
        this.coordinator = coordinator;
        this.storage = storage;
        this.restartStrategy = restartStrategy;
        this.launcher = launcher;
        this.initialCandidates = initialCandidates;
    }

    /** Starts the first run with tasks already built (so that building errors reach the submitter). */
    void start(JobTasks.Built first) {
        move(JobStatus.RUNNING);
        if (launch(first)) {
            LOG.info("job {} ({}) running: {} tasks", jobName, jobId, first.tasks().size());
        }
    }

    /** False when there is nothing to run: the job had finished in the checkpoint it starts from. */
    private synchronized boolean launch(JobTasks.Built built) {
        if (built.jobHadFinished()) {
            JobTasks.closeUnstarted(built.tasks());
            coordinator.restoredFinished(built.restoredFrom());
            // a warning, so that it shows by default: the user asked to resume a job that was done
            LOG.warn("job {} had already finished in {}: every task had ended and its output is committed;"
                    + " nothing is left to run", jobName, built.restoredFrom().describe());
            complete(JobStatus.FINISHED, null);
            return false;
        }
        JobAttempt a = new JobAttempt(this, attempts++, built.tasks(), built.sinkTransactions(),
                built.splitDiscovery());
        attempt = a;
        coordinator.start(built.tasks(), built.restoredFrom(), built.lineageId());
        try {
            a.start(launcher, jobTasks.groups(a, built.tasks(), launcher.maxGroups()), jobName);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the worker pool closed first (the runtime is shutting down): nothing of this run started
            JobTasks.closeUnstarted(built.tasks());
            built.sinkTransactions().settleAfterFailure(coordinator.lastCompletedId());
            LOG.error("job {} cannot run: {}", jobName, e.getMessage());
            complete(JobStatus.FAILED, e);
            return false;
        }
        return true;
    }

    void taskFailed(StreamTask task, Throwable cause) {
        lastFailure = new Failure(java.time.Instant.now(), cause);
        LOG.error("job {} failed in task {}", jobName, task == null ? "?" : task.name(), cause);
    }

    /** Every task group of {@code a} has exited: the run is over. Called on the worker thread of the last one. */
    void attemptEnded(JobAttempt a) {
        Throwable f = a.failure();
        if (f == null && a.allTasksFinished()) {
            // every task finished: the final checkpoint (or the end without one) committed the sinks;
            // a cancel that came meanwhile found nothing left to stop, and the job did finish
            coordinator.stop("the job finished");
            a.sinkTransactions().settleAfterFailure(coordinator.lastCompletedId());
            complete(JobStatus.FINISHED, null);
            return;
        }
        // no checkpoint completes after this: what the sinks pre-committed for later ones is aborted
        coordinator.stop(f == null ? "the job was cancelled" : "a task failed");
        a.sinkTransactions().settleAfterFailure(coordinator.lastCompletedId());
        if (f == null) {
            complete(JobStatus.CANCELED, null);
            return;
        }
        long delay = cancelled ? -1 : restartStrategy.onFailure(System.currentTimeMillis(), a.startMs());
        if (delay < 0) {
            if (!cancelled) {
                f.addSuppressed(new IllegalStateException("not restarted: " + restartStrategy.describe()));
            }
            complete(JobStatus.FAILED, f);
            return;
        }
        if (!status.compareAndSet(JobStatus.RUNNING, JobStatus.RESTARTING)) {
            complete(JobStatus.FAILED, f);
            return;
        }
        LOG.warn("job {} restarts in {} ms after: {}", jobName, delay, f.toString());
        coordinator.countRestart();
        coordinator.schedule(this::restart, delay);
    }

    private void restart() {
        if (cancelled) {
            complete(JobStatus.CANCELED, null);
            return;
        }
        JobTasks.Built built;
        try {
            built = jobTasks.build(restartCandidates());
        } catch (Throwable t) {
            LOG.error("job {} cannot restart", jobName, t);
            complete(JobStatus.FAILED, t);
            return;
        }
        if (!status.compareAndSet(JobStatus.RESTARTING, JobStatus.RUNNING)) {
            JobTasks.closeUnstarted(built.tasks());
            complete(JobStatus.CANCELED, null);
            return;
        }
        launch(built);
    }

    /** The job's own complete checkpoints, newest first, then what the first run started from. */
    private List<Path> restartCandidates() throws java.io.IOException {
        Set<Path> all = new LinkedHashSet<>();
        if (java.nio.file.Files.isDirectory(storage.jobDirectory())) {
            all.addAll(CheckpointStorage.candidates(storage.jobDirectory()));
        }
        all.addAll(initialCandidates);
        return new ArrayList<>(all);
    }

    private void complete(JobStatus end, Throwable failure) {
        synchronized (this) { // one end: a cancel, the last task's end and a restart may all get here
            JobStatus current = status.get();
            if (current.isTerminal()) {
                return;
            }
            if (end == JobStatus.CANCELED && current == JobStatus.RUNNING) {
                move(JobStatus.CANCELLING);
            }
            move(end);
        }
        endTime = java.time.Instant.now();
        coordinator.close();
        endedAfterNs = System.nanoTime() - startNs;
        Duration duration = Duration.ofNanos(endedAfterNs);
        LOG.info("job {} ({}) {} after {} ms", jobName, jobId, end, duration.toMillis());
        if (failure != null) {
            result.completeExceptionally(new JobFailedException("job '" + jobName + "' failed: " + failure.getMessage(),
                    failure));
        } else {
            result.complete(new JobResult(jobId, end, duration, metrics()));
        }
    }

    private synchronized void move(JobStatus next) {
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
    public String name() {
        return jobName;
    }

    @Override
    public io.sluice.runtime.plan.ExecutionPlan plan() {
        return plan;
    }

    @Override
    public java.time.Instant startTime() {
        return startTime;
    }

    @Override
    public java.time.Instant endTime() {
        return endTime;
    }

    @Override
    public Failure lastFailure() {
        return lastFailure;
    }

    @Override
    public List<io.sluice.runtime.checkpoint.CheckpointRecord> checkpointHistory() {
        return coordinator.history();
    }

    @Override
    public JobStatus status() {
        return status.get();
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (status.compareAndSet(JobStatus.RUNNING, JobStatus.CANCELLING)) {
            LOG.info("cancelling job {} ({})", jobName, jobId);
        }
        JobAttempt a = attempt;
        if (a != null) {
            a.stop();
        }
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
        JobAttempt a = attempt;
        List<TaskMetrics> all = new ArrayList<>();
        if (a != null) {
            for (StreamTask t : a.tasks()) {
                all.add(t.metrics());
            }
        }
        return new JobMetrics(all);
    }

    @Override
    public long uptimeMs() {
        long ended = endedAfterNs;
        return TimeUnit.NANOSECONDS.toMillis(ended >= 0 ? ended : System.nanoTime() - startNs);
    }

    @Override
    public CheckpointMetrics checkpointMetrics() {
        return coordinator.metrics();
    }

    @Override
    public CompletableFuture<Path> triggerCheckpoint() {
        return coordinator.trigger(null).thenApply(CompletedCheckpoint::directory);
    }

    @Override
    public CompletableFuture<Path> triggerSavepoint(Path directory) {
        return coordinator.trigger(directory).thenApply(CompletedCheckpoint::directory);
    }

    @Override
    public CompletableFuture<Path> stopWithSavepoint(Path directory) {
        coordinator.suspendPeriodic(true);
        return coordinator.trigger(directory, true).handle((savepoint, failure) -> {
            if (failure != null) {
                coordinator.suspendPeriodic(false); // the job goes on as it was
                throw failure instanceof java.util.concurrent.CompletionException c ? c
                        : new java.util.concurrent.CompletionException(failure);
            }
            cancel();
            return savepoint.directory();
        });
    }

    /**
     * The threads started for the current run alone, for tests that check nothing is left running;
     * none when the job runs on a {@link WorkerPool}.
     */
    List<Thread> threads() {
        JobAttempt a = attempt;
        return a == null ? List.of() : a.threads();
    }
}
