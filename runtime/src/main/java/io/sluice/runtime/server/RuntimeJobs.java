package io.sluice.runtime.server;

import io.sluice.api.JobExecutor;
import io.sluice.api.JobStatus;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.PipelineOptions;
import io.sluice.runtime.checkpoint.CheckpointStorage;
import io.sluice.runtime.executor.ManagedJob;
import io.sluice.runtime.launch.JobJar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The jobs of a runtime: submits them (recording each durably first, so that a runtime killed right
 * after still knows it), resumes the ones that were running when it starts, cancels, takes
 * savepoints, and watches for jobs that end (recorded as such, their class loaders closed so that
 * their classes can be unloaded). Every job's checkpoints go to {@code <checkpoint dir>/<job id>},
 * where a resume finds the latest one.
 *
 * <p>Submitting, cancelling and resuming hold this object's monitor; the watcher and request
 * threads read jobs through their volatile fields.
 */
final class RuntimeJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeJobs.class);
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{16}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final RuntimeSettings settings;
    private final JobStore store;
    private final JarLibrary jars;
    private final JobLauncher launcher;
    private final Map<String, RuntimeJob> jobs = new LinkedHashMap<>();
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-runtime-control");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;

    RuntimeJobs(RuntimeSettings settings, JobStore store, JarLibrary jars, JobExecutor executor) {
        this.settings = settings;
        this.store = store;
        this.jars = jars;
        this.launcher = new JobLauncher(executor);
        control.scheduleWithFixedDelay(this::watch, 200, 200, TimeUnit.MILLISECONDS);
        control.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** Starts again every job that was running when the runtime last stopped, from its latest checkpoint. */
    synchronized void resumeAll() throws IOException, InterruptedException {
        for (StoredJob stored : store.all()) {
            RuntimeJob job = new RuntimeJob(stored);
            jobs.put(stored.id(), job);
            if (!stored.running()) {
                job.markEnded();
                continue;
            }
            try {
                start(job);
                LOG.info("resumed job {} ({}){}", job.name(), job.id(), describeRestore(job));
            } catch (ApiException e) {
                // still recorded as running: the next start tries again, unless the user cancels it
                LOG.error("job {} ({}) cannot be resumed: {}; it is tried again when the runtime next starts, or"
                        + " forgotten with 'sluice cancel {}'", stored.name(), stored.id(), e.getMessage(), stored.id());
                job.startFailed(new ManagedJob.Failure(Instant.now(), new IllegalStateException(
                        "cannot be resumed: " + e.getMessage())));
            }
        }
    }

    private String describeRestore(RuntimeJob job) {
        Path checkpoints = checkpointDirectory(job.id());
        if (hasCompletedCheckpoint(checkpoints)) {
            return " from its latest checkpoint under " + checkpoints;
        }
        String savepoint = job.stored().configuration().get(CheckpointingOptions.RESTORE_FROM.key());
        return savepoint != null ? " from the savepoint it was submitted with, " + savepoint
                + " (no checkpoint of its own had completed)" : " from the start (no checkpoint of it had completed)";
    }

    /** Records and starts a job; a job that cannot start is refused and forgotten. */
    synchronized RuntimeJob submit(String jarId, SubmitRequest request) throws IOException, InterruptedException {
        StoredJar jar = jars.get(jarId);
        Map<String, String> settings = submissionSettings(request);
        String jobClass = request.jobClass() != null && !request.jobClass().isBlank() ? request.jobClass().strip()
                : jar.jobClass();
        if (jobClass == null) {
            throw new ApiException(400, "jar " + jar.name() + " names no job class: pass \"jobClass\" (--class), or"
                    + " add the manifest attribute '" + JobJar.MANIFEST_ATTRIBUTE + "'");
        }
        String name = request.name() != null && !request.name().isBlank() ? request.name().strip()
                : jobClass.substring(jobClass.lastIndexOf('.') + 1);
        StoredJob stored = store.submit(jar.path(), name, jobClass, request.arguments(), settings);
        RuntimeJob job = new RuntimeJob(stored);
        try {
            start(job);
        } catch (RuntimeException | InterruptedException e) {
            store.remove(stored.id());
            throw e;
        }
        jobs.put(stored.id(), job);
        LOG.info("job {} ({}) submitted: class {}, arguments {}", job.name(), job.id(), jobClass, request.arguments());
        return job;
    }

    /** The settings a submission adds to the runtime's defaults, checked (unknown keys, bad values: 400). */
    private static Map<String, String> submissionSettings(SubmitRequest request) {
        Map<String, String> settings = new TreeMap<>(request.configuration());
        if (request.parallelism() != null) {
            if (request.parallelism() < 1) {
                throw new ApiException(400, "parallelism must be at least 1, got " + request.parallelism());
            }
            settings.put(PipelineOptions.PARALLELISM.key(), request.parallelism().toString());
        }
        if (request.name() != null && !request.name().isBlank()) {
            settings.put(PipelineOptions.JOB_NAME.key(), request.name().strip());
        }
        if (request.savepoint() != null && !request.savepoint().isBlank()) {
            Path savepoint = Path.of(request.savepoint());
            if (!savepoint.isAbsolute()) {
                throw new ApiException(400, "savepoint '" + request.savepoint() + "' is not an absolute path; give the"
                        + " full path of the savepoint directory as the runtime sees it");
            }
            settings.put(CheckpointingOptions.RESTORE_FROM.key(), savepoint.normalize().toString());
        }
        if (Boolean.TRUE.equals(request.allowNonRestoredState())) {
            settings.put(CheckpointingOptions.ALLOW_NON_RESTORED_STATE.key(), "true");
        }
        settings.remove(CheckpointingOptions.DIRECTORY.key()); // the runtime places every job's checkpoints
        Configuration check = new Configuration();
        settings.forEach((key, value) -> {
            try {
                check.set(key, value);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "setting " + key + "=" + value + ": " + e.getMessage());
            }
        });
        return settings;
    }

    /** Defines and starts {@code job} from its record: from its latest checkpoint if it has one. */
    private void start(RuntimeJob job) throws InterruptedException {
        StoredJob stored = job.stored();
        Configuration configuration = settings.configuration();
        stored.configuration().forEach(configuration::set);
        Path checkpoints = checkpointDirectory(stored.id());
        configuration.set(CheckpointingOptions.DIRECTORY, checkpoints.toString());
        if (hasCompletedCheckpoint(checkpoints)) {
            configuration.set(CheckpointingOptions.RESTORE_FROM, checkpoints.toString());
        }
        JobLauncher.Launched launched;
        try {
            launched = launcher.launch(stored.jar(), stored.jobClass(), stored.arguments(), configuration);
        } catch (ApiException e) {
            // the runtime's own copy of the jar means nothing to the user: name the job's jar instead
            throw new ApiException(e.status(), e.getMessage().replace(stored.jar().toString(), "the job's jar"));
        }
        job.started(launched.jobClass(), launched.job());
    }

    Path checkpointDirectory(String jobId) {
        return settings.checkpointDirectory().resolve(jobId);
    }

    private static boolean hasCompletedCheckpoint(Path directory) {
        try {
            return Files.isDirectory(directory) && !CheckpointStorage.candidates(directory).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    List<RuntimeJob> all() {
        synchronized (this) {
            return new ArrayList<>(jobs.values());
        }
    }

    RuntimeJob get(String id) {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            throw new ApiException(400, "'" + JarLibrary.abbreviate(id) + "' is not a job id (16 hex digits, as"
                    + " listed by GET /api/jobs)");
        }
        RuntimeJob job;
        synchronized (this) {
            job = jobs.get(id);
        }
        if (job == null) {
            throw new ApiException(404, "no job " + id + " in this runtime; list them with GET /api/jobs");
        }
        return job;
    }

    /** Asks the job to stop; it is recorded as ended at once, so a crash now does not bring it back. */
    synchronized RuntimeJob cancel(String id) throws IOException {
        RuntimeJob job = get(id);
        ManagedJob running = job.running();
        if (running == null && job.startFailure() != null && !job.isEnded()) {
            // it could not be resumed: cancelling it stops the runtime from trying again
            StoredJob ended = job.stored().ended(JobStatus.CANCELED.name());
            store.write(ended);
            job.stored(ended);
            job.markEnded();
            return job;
        }
        if (running == null || running.status().isTerminal()) {
            throw new ApiException(409, "job " + id + " is not running (" + job.status() + ")");
        }
        store.write(job.stored().ended(JobStatus.CANCELED.name()));
        running.cancel();
        return job;
    }

    /**
     * Starts a savepoint (with {@code stop}, a stop-with-savepoint) into {@code directory}, or into a
     * new directory under the data directory when null; returns the request's id.
     */
    String savepoint(String id, String directory, boolean stop) {
        RuntimeJob job = get(id);
        ManagedJob running = job.running();
        if (running == null || running.status() != JobStatus.RUNNING) {
            throw new ApiException(409, "job " + id + " is not running (" + job.status() + "); a savepoint needs a"
                    + " running job");
        }
        Path target;
        if (directory == null || directory.isBlank()) {
            target = settings.dataDirectory().resolve("savepoints").resolve("savepoint-" + id + "-"
                    + STAMP.format(Instant.now()));
        } else {
            target = Path.of(directory);
            if (!target.isAbsolute()) {
                throw new ApiException(400, "savepoint directory '" + JarLibrary.abbreviate(directory) + "' is not an"
                        + " absolute path; give the full path where the runtime should write it");
            }
            target = target.normalize();
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new ApiException(400, "savepoint directory " + target + " is a file; choose a new directory");
            }
        }
        CompletableFuture<Path> result = stop ? running.stopWithSavepoint(target) : running.triggerSavepoint(target);
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Map<String, CompletableFuture<Path>> requests = job.savepoints();
        if (requests.size() >= 100) { // keep the latest ones only
            requests.entrySet().removeIf(e -> e.getValue().isDone());
        }
        requests.put(requestId, result);
        LOG.info("{} of job {} ({}) into {}: request {}", stop ? "stop with savepoint" : "savepoint", job.name(), id,
                target, requestId);
        return requestId;
    }

    CompletableFuture<Path> savepointRequest(String jobId, String requestId) {
        CompletableFuture<Path> request = get(jobId).savepoints().get(requestId);
        if (request == null) {
            throw new ApiException(404, "no savepoint request " + JarLibrary.abbreviate(requestId) + " for job " + jobId);
        }
        return request;
    }

    /** Records the end of jobs that ended (finished, failed, cancelled) and lets their classes go. */
    private void watch() {
        if (closing) {
            return;
        }
        for (RuntimeJob job : all()) {
            ManagedJob running = job.running();
            if (job.isEnded() || running == null || !running.status().isTerminal()) {
                continue;
            }
            try {
                // its final counts, before it reads as ended: a reader that sees the end sees them
                job.sample(new RuntimeJob.Sample(System.nanoTime(), running.metrics()));
                synchronized (this) {
                    if (closing) {
                        return;
                    }
                    StoredJob ended = job.stored().ended(running.status().name());
                    store.write(ended);
                    job.stored(ended);
                }
                job.markEnded();
                Class<?> jobClass = job.jobClass();
                job.archive(JobFacts.of(running), JobViews.graph(job, settings.configuration()));
                JobJar.close(jobClass);
                LOG.info("job {} ({}) {}", job.name(), job.id(), running.status());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot record the end of job {} ({}): {}", job.name(), job.id(), e.toString());
            }
        }
    }

    private void sample() {
        for (RuntimeJob job : all()) {
            ManagedJob running = job.running();
            if (running != null && !job.isEnded()) {
                try {
                    job.sample(new RuntimeJob.Sample(System.nanoTime(), running.metrics()));
                } catch (RuntimeException e) {
                    LOG.debug("cannot read the metrics of job {}", job.id(), e);
                }
            }
        }
    }

    /**
     * Stops every job without recording it as ended: a runtime shut down resumes them when it
     * starts again, as after a crash.
     */
    @Override
    public void close() {
        closing = true;
        control.shutdownNow();
        List<ManagedJob> stopping = new ArrayList<>();
        for (RuntimeJob job : all()) {
            ManagedJob running = job.running();
            if (running != null && !running.status().isTerminal()) {
                running.cancel();
                stopping.add(running);
            }
        }
        for (ManagedJob running : stopping) {
            try {
                running.await(java.time.Duration.ofSeconds(30));
            } catch (Exception e) {
                LOG.debug("job {} ended with {}", running.name(), e.toString());
            }
        }
        for (RuntimeJob job : all()) {
            JobJar.close(job.jobClass());
        }
    }
}
