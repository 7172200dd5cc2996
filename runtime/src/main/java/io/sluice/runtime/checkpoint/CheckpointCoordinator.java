package io.sluice.runtime.checkpoint;

import io.sluice.api.metrics.CheckpointMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the checkpoints of one job: triggers them at the sources (periodically and on demand), with a
 * timeout, a minimum pause and a limit on how many run at once; collects every task's
 * acknowledgement; writes the metadata durably and only then tells every task the checkpoint is
 * complete. Its own scheduler thread triggers and completes; state files are written on an I/O
 * thread; worker threads only post to it and read {@link #directoryOf}, which takes no lock. Other
 * methods are synchronized; none of them is called on a task's path.
 *
 * <p>It also settles the end of the job (FLIP-147): tasks that have ended keep taking part in
 * checkpoints as finished; once every task has ended it takes the final checkpoint at once, and
 * when a checkpoint whose every task had ended completes, its metadata says the job finished and
 * the tasks commit their last transactions and finish. Without periodic checkpoints there is no
 * final checkpoint: the tasks are told to commit and finish when all have ended.
 */
public final class CheckpointCoordinator implements CheckpointAcknowledger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

    private final String jobName;
    private final CheckpointConfig config;
    private final CheckpointStorage storage;
    private final int maxParallelism;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;

    private List<? extends CheckpointParticipant> tasks = List.of();
    private boolean running;
    private long nextId = 1;
    private long lastCompletedAtNs = Long.MIN_VALUE;
    private final Map<Long, PendingCheckpoint> pending = new TreeMap<>();
    /**
     * The directories of the pending checkpoints, for the tasks' worker threads to read without a
     * lock (a worker never waits for this object's monitor).
     */
    private final ConcurrentHashMap<Long, Path> directories = new ConcurrentHashMap<>();
    /** Held by one trigger at a time, across making its directory; never by a worker thread. */
    private final ReentrantLock triggering = new ReentrantLock();
    /**
     * Checkpoints every task acknowledged whose metadata is being written: still in progress for
     * {@code max-concurrent}, and the minimum pause counts from their completion.
     */
    private int completingCount;
    private ScheduledFuture<?> periodic;
    /** No periodic checkpoints while a stop-with-savepoint is under way. */
    private boolean suspended;

    /** Held while a checkpoint's metadata is written: {@link #stop} waits, so none completes after it. */
    private final java.util.concurrent.locks.ReentrantLock completing = new java.util.concurrent.locks.ReentrantLock();
    /** Newest checkpoint or savepoint whose metadata is durable, -1 if none. */
    private long lastCompletedOfAnyKind = -1;
    private long completedCount;
    private long failedCount;
    private long restarts;
    private long restoredId = -1;
    private CompletedCheckpoint latest;
    private CheckpointMetrics metrics = CheckpointMetrics.NONE;
    private String lastFailure = "";
    private final CheckpointHistory history = new CheckpointHistory();
    /** The lineage written into every checkpoint of the current run. */
    private String lineageId = "";
    /** Tasks of the current run that have ended and wait for the end of the job. */
    private final java.util.BitSet endedTasks = new java.util.BitSet();
    /** Counts runs, so that an end reported by a task of an earlier run is ignored. */
    private volatile int generation;

    public CheckpointCoordinator(String jobName, CheckpointConfig config, CheckpointStorage storage, int maxParallelism) {
        this.jobName = jobName;
        this.config = config;
        this.storage = storage;
        this.maxParallelism = maxParallelism;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sluice-checkpoints-" + jobName));
        this.io = Executors.newSingleThreadExecutor(r -> daemon(r, "sluice-checkpoint-io-" + jobName));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One checkpoint in progress. */
    private final class PendingCheckpoint {
        final long id;
        final boolean savepoint;
        final Path directory;
        final long startNs = System.nanoTime();
        final long startMs = System.currentTimeMillis();
        /** Tasks hear of its completion (commit): a checkpoint, or the savepoint of a stop-with-savepoint. */
        final boolean commits;
        final Map<Integer, TaskSnapshot> acks = new LinkedHashMap<>();
        final CompletableFuture<CompletedCheckpoint> result = new CompletableFuture<>();
        ScheduledFuture<?> timeout;

        PendingCheckpoint(long id, boolean savepoint, boolean commits, Path directory) {
            this.id = id;
            this.savepoint = savepoint;
            this.commits = commits;
            this.directory = directory;
        }
    }

    /**
     * Starts checkpointing the tasks of a (new) run of the job; ids continue after {@code restoredFrom}.
     *
     * @param lineageId the job's lineage, written into every checkpoint
     */
    public synchronized void start(List<? extends CheckpointParticipant> tasks, CompletedCheckpoint restoredFrom,
                                   String lineageId) {
        this.tasks = tasks;
        this.running = true;
        this.lineageId = lineageId;
        this.endedTasks.clear();
        generation++;
        restoredId = restoredFrom == null ? -1 : restoredFrom.id();
        updateMetrics(metrics.lastDurationMs(), metrics.lastAlignmentMs(), metrics.lastSyncMs());
        if (restoredFrom != null) {
            nextId = Math.max(nextId, restoredFrom.id() + 1);
            if (latest == null) {
                latest = restoredFrom;
                storage.adopt(restoredFrom);
            }
        }
        if (config.periodic() && periodic == null) {
            long ms = config.interval().toMillis();
            periodic = scheduler.scheduleWithFixedDelay(this::triggerPeriodic, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The run's tasks are going away (failure, cancellation, end): abort what is in progress. Waits
     * for a checkpoint whose metadata is being written, so that once this returns no checkpoint of
     * the run can complete any more and {@link #lastCompletedId} is final for it.
     */
    public void stop(String reason) {
        synchronized (this) {
            running = false;
            for (PendingCheckpoint p : new ArrayList<>(pending.values())) {
                abort(p, new IllegalStateException("checkpoint " + p.id + " aborted: " + reason), false);
            }
        }
        completing.lock();
        completing.unlock();
    }

    /** The newest checkpoint or savepoint that completed (taken or restored from), -1 if none. */
    public synchronized long lastCompletedId() {
        return Math.max(lastCompletedOfAnyKind, latest == null ? -1 : latest.id());
    }

    /** Stops (or resumes) periodic checkpoints: a job stopping with a savepoint takes none after it. */
    public synchronized void suspendPeriodic(boolean suspend) {
        suspended = suspend;
    }

    /** Runs {@code work} on the coordinator's thread after {@code delayMs} (job restarts). */
    public void schedule(Runnable work, long delayMs) {
        scheduler.schedule(work, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The job started from {@code checkpoint} of a job that had finished: nothing runs, but the metrics say where it started. */
    public synchronized void restoredFinished(CompletedCheckpoint checkpoint) {
        restoredId = checkpoint.id();
        updateMetrics(metrics.lastDurationMs(), metrics.lastAlignmentMs(), metrics.lastSyncMs());
    }

    public synchronized void countRestart() {
        restarts++;
        updateMetrics(latest == null ? 0 : metrics.lastDurationMs(), metrics.lastAlignmentMs(), metrics.lastSyncMs());
    }

    /** The newest complete checkpoint of this job (taken or restored from), or null. */
    public synchronized CompletedCheckpoint latest() {
        return latest;
    }

    /** The latest checkpoints and savepoints, newest first (at most 50). */
    public synchronized List<CheckpointRecord> history() {
        return history.newestFirst();
    }

    public synchronized CheckpointMetrics metrics() {
        return metrics;
    }

    private void triggerPeriodic() {
        synchronized (this) {
            if (!running || suspended || completingCount > 0 || pending.size() >= config.maxConcurrent()) {
                return;
            }
            if (lastCompletedAtNs != Long.MIN_VALUE
                    && System.nanoTime() - lastCompletedAtNs < config.minPause().toNanos()) {
                return;
            }
        }
        trigger(null);
    }

    /** Any thread: posts to the scheduler, never waits for this object's lock. */
    @Override
    public void taskEnded(int taskIndex) {
        int run = generation;
        scheduler.execute(() -> onTaskEnded(run, taskIndex));
    }

    private void onTaskEnded(int run, int taskIndex) {
        boolean allEnded;
        boolean periodic;
        List<? extends CheckpointParticipant> all;
        synchronized (this) {
            if (run != generation || !running) {
                return; // a task of a run that has stopped since
            }
            endedTasks.set(taskIndex);
            allEnded = endedTasks.cardinality() == tasks.size();
            periodic = config.periodic();
            all = tasks;
        }
        if (!allEnded) {
            return;
        }
        if (!periodic) {
            LOG.info("every task of job {} has ended; no periodic checkpoints, so the sinks commit now", jobName);
            for (CheckpointParticipant t : all) {
                t.finishJob(Long.MAX_VALUE);
            }
            return;
        }
        LOG.info("every task of job {} has ended: taking its final checkpoint", jobName);
        trigger(null, false).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("the final checkpoint of job {} failed; the next periodic checkpoint is the final one: {}",
                        jobName, failure.getMessage());
            }
        });
    }

    /**
     * Starts a checkpoint, or a savepoint into {@code savepointDirectory} when not null. A savepoint
     * commits nothing (its transactions are committed by the next checkpoint, or by a job started
     * from it), so checkpoints stay the newest committed point to resume from.
     *
     * @return completes once the checkpoint is durable; exceptionally when it cannot be taken or fails
     */
    public CompletableFuture<CompletedCheckpoint> trigger(Path savepointDirectory) {
        return trigger(savepointDirectory, false);
    }

    /**
     * Like {@link #trigger(Path)}; with {@code stop}, the savepoint of a stop-with-savepoint: no
     * checkpoint comes after it, so its completion commits the sinks' transactions.
     */
    public CompletableFuture<CompletedCheckpoint> trigger(Path savepointDirectory, boolean stop) {
        triggering.lock(); // one trigger at a time, so ids reach the tasks in order; no worker takes it
        try {
            long id;
            synchronized (this) {
                String refused = refusal();
                if (refused != null) {
                    return refuse(new IllegalStateException("cannot take a checkpoint of job '" + jobName + "' now: "
                            + refused), savepointDirectory == null && running);
                }
                id = nextId++;
            }
            Path dir;
            try { // file system work outside this object's lock: acknowledgements and metrics go on meanwhile
                dir = savepointDirectory == null ? storage.createCheckpointDirectory(id) : savepointDir(savepointDirectory);
            } catch (IOException e) {
                synchronized (this) {
                    return refuse(new IOException(savepointDirectory == null ? "cannot create the directory of checkpoint "
                            + id + " of job '" + jobName + "': " + e.getMessage() + "; check checkpoint.directory and the disk"
                            : "cannot take a savepoint of job '" + jobName + "' into " + savepointDirectory + ": "
                            + e.getMessage(), e), true);
                }
            }
            return start(id, dir, savepointDirectory != null, stop);
        } finally {
            triggering.unlock();
        }
    }

    /** Why no checkpoint can be taken now, or null. */
    private String refusal() {
        if (!running) {
            return "the job is not running";
        }
        for (CheckpointParticipant t : tasks) {
            if (t.isTerminated()) {
                return "its tasks are finishing: the job has ended";
            }
        }
        return null;
    }

    /** Registers checkpoint {@code id} and tells the tasks: the sources snapshot, the others hear of it. */
    private synchronized CompletableFuture<CompletedCheckpoint> start(long id, Path dir, boolean savepoint, boolean stop) {
        if (!running) { // stopped while the directory was made
            if (!savepoint) {
                io.execute(() -> storage.discard(dir));
            }
            return refuse(new IllegalStateException("cannot take a checkpoint of job '" + jobName
                    + "' now: the job is not running"), false);
        }
        PendingCheckpoint p = new PendingCheckpoint(id, savepoint, !savepoint || stop, dir);
        pending.put(id, p);
        directories.put(id, dir); // before any task hears of it
        history.triggered(id, savepoint, p.startMs, dir.toString());
        p.timeout = scheduler.schedule(() -> timeout(id), config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        updateMetrics(metrics.lastDurationMs(), metrics.lastAlignmentMs(), metrics.lastSyncMs());
        long now = System.nanoTime();
        for (CheckpointParticipant t : tasks) {
            if (t.isSource()) {
                t.triggerCheckpoint(id, p.savepoint);
            } else {
                t.checkpointStarted(id, p.savepoint, now);
            }
        }
        return p.result;
    }

    /** A checkpoint that cannot be taken: counted as failed and logged when it matters, never silently. */
    private CompletableFuture<CompletedCheckpoint> refuse(Exception why, boolean countAndWarn) {
        if (countAndWarn) {
            failedCount++;
            lastFailure = why.getMessage();
            updateMetrics(metrics.lastDurationMs(), metrics.lastAlignmentMs(), metrics.lastSyncMs());
            LOG.warn("{}", why.getMessage());
        }
        return CompletableFuture.failedFuture(why);
    }

    private static Path savepointDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var children = Files.list(dir)) {
                if (children.findAny().isPresent()) {
                    throw new IOException("savepoint directory " + dir + " is not empty; choose a new one");
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    private synchronized void timeout(long id) {
        PendingCheckpoint p = pending.get(id);
        if (p != null) {
            abort(p, new IllegalStateException("checkpoint " + id + " of job '" + jobName + "' did not complete within "
                    + config.timeout().toMillis() + " ms (" + p.acks.size() + " of " + tasks.size()
                    + " tasks acknowledged); raise checkpoint.timeout, or use unaligned checkpoints under back-pressure"),
                    true);
        }
    }

    /** Any thread, lock-free: a worker thread asks when it captures its state. */
    @Override
    public Path directoryOf(long id) {
        return directories.get(id);
    }

    @Override
    public Executor io() {
        return io;
    }

    @Override
    public synchronized void acknowledge(TaskSnapshot snapshot) {
        PendingCheckpoint p = pending.get(snapshot.checkpointId());
        if (p == null) {
            return; // aborted meanwhile; its directory is gone or going
        }
        p.acks.put(snapshot.taskIndex(), snapshot);
        if (p.acks.size() == tasks.size()) {
            pending.remove(p.id);
            directories.remove(p.id);
            p.timeout.cancel(false);
            completingCount++;
            scheduler.execute(() -> {
                try {
                    complete(p);
                } finally {
                    synchronized (this) {
                        completingCount--;
                    }
                }
            });
        }
    }

    /** Any thread, never waits for this object's lock: the checkpoint fails on the coordinator's thread. */
    @Override
    public void decline(long id, int taskIndex, Throwable cause) {
        try {
            scheduler.execute(() -> onDecline(id, taskIndex, cause));
        } catch (RejectedExecutionException closed) {
            // the coordinator has closed: no checkpoint is pending any more
        }
    }

    private synchronized void onDecline(long id, int taskIndex, Throwable cause) {
        PendingCheckpoint p = pending.get(id);
        if (p != null) {
            abort(p, new IllegalStateException("checkpoint " + id + " of job '" + jobName + "' failed in task "
                    + taskIndex + ": " + cause.getMessage(), cause), true);
        }
    }

    /** On the scheduler thread: write the metadata, then tell every task. */
    private void complete(PendingCheckpoint p) {
        Map<String, List<OperatorSubtaskState>> byOperator = new LinkedHashMap<>();
        long size = 0;
        long alignment = 0;
        long sync = 0;
        boolean jobFinished = true;
        boolean transactions = false;
        for (TaskSnapshot s : p.acks.values()) {
            alignment = Math.max(alignment, s.alignmentNanos());
            sync = Math.max(sync, s.syncNanos());
            jobFinished &= s.finished();
            transactions |= s.transactions();
            for (OperatorSubtaskState o : s.operators()) {
                byOperator.computeIfAbsent(o.operatorId(), k -> new ArrayList<>()).add(o);
                size += o.keyedFileBytes() + o.channelFileBytes();
            }
        }
        Map<String, CompletedCheckpoint.OperatorState> operators = new LinkedHashMap<>();
        byOperator.forEach((id, subtasks) -> {
            subtasks.sort((a, b) -> Integer.compare(a.subtask(), b.subtask()));
            // the parallelism the tasks ran at: subtasks without state send nothing, so it is not the count
            operators.put(id, new CompletedCheckpoint.OperatorState(id, subtasks.get(0).parallelism(), subtasks));
        });
        String lineage;
        synchronized (this) {
            lineage = lineageId;
        }
        CompletedCheckpoint done = new CompletedCheckpoint(p.id, p.savepoint, p.startMs, maxParallelism, p.directory,
                operators, size, lineage, jobFinished, transactions);
        completing.lock();
        try {
            synchronized (this) {
                if (!running) { // the run stopped meanwhile: its sinks settle without this one
                    abort(p, new IllegalStateException("checkpoint " + p.id + " aborted: the run stopped"), false);
                    return;
                }
            }
            storage.commit(done);
            synchronized (this) {
                lastCompletedOfAnyKind = Math.max(lastCompletedOfAnyKind, p.id);
            }
        } catch (IOException e) {
            synchronized (this) {
                abort(p, new IOException("cannot write the metadata of checkpoint " + p.id + ": " + e.getMessage(), e),
                        true);
            }
            return;
        } finally {
            completing.unlock();
        }
        List<? extends CheckpointParticipant> notify;
        synchronized (this) {
            completedCount++;
            if (!p.savepoint) {
                latest = done;
            }
            lastCompletedAtNs = System.nanoTime();
            updateMetrics(TimeUnit.NANOSECONDS.toMillis(lastCompletedAtNs - p.startNs),
                    TimeUnit.NANOSECONDS.toMillis(alignment), TimeUnit.NANOSECONDS.toMillis(sync));
            metrics = new CheckpointMetrics(metrics.completed(), metrics.failed(), metrics.inProgress(), p.id,
                    metrics.lastDurationMs(), size, metrics.lastAlignmentMs(), metrics.lastSyncMs(), restarts, restoredId,
                    lastFailure);
            history.completed(p.id, metrics.lastDurationMs(), size, metrics.lastAlignmentMs());
            notify = running && p.commits ? tasks : List.of();
        }
        LOG.debug("checkpoint {} of job {} complete: {} bytes", p.id, jobName, size);
        if (jobFinished && !notify.isEmpty()) {
            LOG.info("final checkpoint {} of job {} complete: the sinks commit their last transactions", p.id, jobName);
        }
        for (CheckpointParticipant t : notify) {
            if (jobFinished) {
                t.finishJob(p.id);
            } else {
                t.notifyCheckpointComplete(p.id);
            }
        }
        p.result.complete(done);
    }

    private void abort(PendingCheckpoint p, Exception cause, boolean notifyTasks) {
        pending.remove(p.id);
        directories.remove(p.id);
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        failedCount++;
        lastFailure = cause.getMessage();
        history.failed(p.id, cause.getMessage());
        updateMetrics(metrics.lastDurationMs(), metrics.lastAlignmentMs(), metrics.lastSyncMs());
        LOG.warn("{}", cause.getMessage());
        if (notifyTasks) {
            for (CheckpointParticipant t : tasks) {
                t.notifyCheckpointAborted(p.id);
            }
        }
        // written files may still be in flight on the I/O thread: delete after them
        io.execute(() -> storage.discard(p.directory));
        p.result.completeExceptionally(cause);
    }

    private void updateMetrics(long durationMs, long alignmentMs, long syncMs) {
        metrics = new CheckpointMetrics(completedCount, failedCount, pending.size(),
                latest == null ? -1 : latest.id(), durationMs, metrics.lastSizeBytes(), alignmentMs, syncMs, restarts,
                restoredId, lastFailure);
    }

    @Override
    public void close() {
        stop("the job ended"); // not under this object's lock: stop waits for a completing checkpoint, which takes it
        synchronized (this) {
            if (periodic != null) {
                periodic.cancel(false);
            }
        }
        scheduler.shutdown();
        io.shutdown();
    }
}
