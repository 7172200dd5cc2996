package io.sluice.runtime.server;

import io.sluice.api.JobStatus;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.runtime.executor.ManagedJob;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One job of the runtime: its durable record and, once started, the running job; or why it could
 * not be started again after the runtime restarted. Its fields are written by the runtime's control
 * side and read by request threads: all volatile.
 */
final class RuntimeJob {

    private volatile StoredJob stored;
    private volatile ManagedJob running;
    /** What is kept of the job once it has ended (then {@link #running} is null), or null. */
    private volatile JobFacts ended;
    /** Its graph as it was when it ended, or null. */
    private volatile java.util.Map<String, Object> endedGraph;
    private volatile Class<?> jobClass;
    private volatile ManagedJob.Failure startFailure;
    /** Set once its end has been recorded (the store says it no longer runs, its class loader is closed). */
    private volatile boolean recordedEnd;
    private volatile Sample previous;
    private volatile Sample latest;
    private final Map<String, CompletableFuture<Path>> savepoints = new ConcurrentHashMap<>();

    /** Counters of the job at one moment, for rates between two samples. */
    record Sample(long nanoTime, JobMetrics metrics) {
    }

    private volatile String jarId;

    RuntimeJob(StoredJob stored) {
        this.stored = stored;
    }

    /** The id of the jar it was submitted from (the start of its SHA-256, as the jar library names it). */
    String jarId() {
        String id = jarId;
        if (id == null) {
            id = JarLibrary.idOf(stored.jar());
            jarId = id;
        }
        return id;
    }

    String id() {
        return stored.id();
    }

    StoredJob stored() {
        return stored;
    }

    void stored(StoredJob record) {
        this.stored = record;
    }

    /** The running (or ended) job; null if it never started in this runtime. */
    ManagedJob running() {
        return running;
    }

    void started(Class<?> jobClass, ManagedJob job) {
        this.jobClass = jobClass;
        this.running = job;
    }

    Class<?> jobClass() {
        return jobClass;
    }

    /** Why the runtime could not start it again after a restart, or null. */
    ManagedJob.Failure startFailure() {
        return startFailure;
    }

    void startFailed(ManagedJob.Failure failure) {
        this.startFailure = failure;
    }

    /** What there is to show of it: live while it runs, as kept once it ended, or from its record. */
    JobFacts facts() {
        ManagedJob job = running;
        if (job != null) {
            return JobFacts.of(job);
        }
        JobFacts kept = ended;
        if (kept != null) {
            return kept;
        }
        JobStatus status = stored.endState() != null ? JobStatus.valueOf(stored.endState())
                : startFailure != null ? JobStatus.FAILED : JobStatus.CREATED;
        Instant end = stored.endedAt() != null ? stored.endedAt() : startFailure != null ? startFailure.time() : null;
        return new JobFacts(stored.name(), status, stored.submittedAt(), end,
                io.sluice.api.metrics.CheckpointMetrics.NONE, java.util.List.of(),
                JobFacts.FailureText.of(startFailure));
    }

    JobStatus status() {
        return facts().status();
    }

    String name() {
        return facts().name();
    }

    boolean isEnded() {
        return recordedEnd;
    }

    void markEnded() {
        recordedEnd = true;
    }

    /**
     * Keeps what is shown of the ended job as plain data and lets the job itself go: its plan, its
     * functions and, with them, its class loader.
     */
    void archive(JobFacts facts, java.util.Map<String, Object> graph) {
        this.ended = facts;
        this.endedGraph = graph;
        this.running = null;
        this.jobClass = null;
        this.previous = null;
        this.latest = null;
    }

    java.util.Map<String, Object> endedGraph() {
        return endedGraph;
    }

    void sample(Sample sample) {
        previous = latest;
        latest = sample;
    }

    Sample previousSample() {
        return previous;
    }

    Sample latestSample() {
        return latest;
    }

    Map<String, CompletableFuture<Path>> savepoints() {
        return savepoints;
    }
}
