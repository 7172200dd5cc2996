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
    private volatile Class<?> jobClass;
    private volatile ManagedJob.Failure startFailure;
    /** Set once its end has been recorded (the store says it no longer runs, its class loader is closed). */
    private volatile boolean ended;
    private volatile Sample previous;
    private volatile Sample latest;
    private final Map<String, CompletableFuture<Path>> savepoints = new ConcurrentHashMap<>();

    /** Counters of the job at one moment, for rates between two samples. */
    record Sample(long nanoTime, JobMetrics metrics) {
    }

    RuntimeJob(StoredJob stored) {
        this.stored = stored;
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

    JobStatus status() {
        ManagedJob job = running;
        if (job != null) {
            return job.status();
        }
        return startFailure != null ? JobStatus.FAILED : JobStatus.CREATED;
    }

    String name() {
        ManagedJob job = running;
        return job != null ? job.name() : stored.name();
    }

    Instant startTime() {
        ManagedJob job = running;
        return job != null ? job.startTime() : stored.submittedAt();
    }

    boolean isEnded() {
        return ended;
    }

    void markEnded() {
        ended = true;
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
