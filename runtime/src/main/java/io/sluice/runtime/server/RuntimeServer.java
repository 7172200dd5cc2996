package io.sluice.runtime.server;

import io.javalin.Javalin;
import io.sluice.api.JobExecutor;
import io.sluice.runtime.executor.LocalJobExecutor;
import io.sluice.runtime.executor.WorkerPool;
import io.sluice.runtime.metrics.MonitoredJob;
import io.sluice.runtime.metrics.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A long-running Sluice runtime that jobs are submitted to: keeps uploaded jars and its jobs'
 * records in its data directory, runs the jobs side by side, serves the REST API, the dashboard and
 * Prometheus metrics on one port, and, started again on the same data directory (after a crash or
 * a shutdown), resumes every job that was running from its latest checkpoint. One runtime per data
 * directory: a second one is refused, since both would resume the same jobs.
 */
public final class RuntimeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeServer.class);

    private final RuntimeSettings settings;
    private final FileChannel lockFile;
    private final RuntimeJobs jobs;
    private final Javalin http;
    private final AutoCloseable executorResources;

    private RuntimeServer(RuntimeSettings settings, FileChannel lockFile, RuntimeJobs jobs, Javalin http,
                          AutoCloseable executorResources) {
        this.settings = settings;
        this.lockFile = lockFile;
        this.jobs = jobs;
        this.http = http;
        this.executorResources = executorResources;
    }

    /**
     * Starts a runtime: takes its data directory, resumes its jobs, then listens.
     *
     * @throws IllegalStateException when another runtime uses the data directory or the port is taken
     */
    public static RuntimeServer start(RuntimeSettings settings) throws IOException, InterruptedException {
        Path data = Files.createDirectories(settings.dataDirectory());
        FileChannel lockFile = lock(data);
        RuntimeJobs jobs = null;
        ExecutorHandle executor = null;
        try {
            JobStore store = new JobStore(data);
            JarLibrary jars = new JarLibrary(data, settings.maxUploadBytes());
            executor = ExecutorHandle.create(settings);
            jobs = new RuntimeJobs(settings, store, jars, executor.executor());
            RuntimeJobs all = jobs;
            Javalin http = new RestApi(settings, jars, jobs, RuntimeServer.metrics(all)).create();
            jobs.resumeAll();
            try {
                http.start();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                        + " (" + rootMessage(e) + "); is another runtime running? choose another port with --port"
                        + " or runtime.port", e);
            }
            RuntimeServer server = new RuntimeServer(settings, lockFile, jobs, http, executor);
            LOG.info("Sluice runtime {} listening on http://{}:{} (data in {})", version(), settings.bindAddress(),
                    server.port(), data);
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (jobs != null) {
                jobs.close();
            }
            if (executor != null) {
                executor.close();
            }
            lockFile.close();
            throw e;
        }
    }

    /** Prometheus metrics of the running jobs, and of those that ended in the last five minutes. */
    private static RestApi.MetricsEndpoint metrics(RuntimeJobs jobs) {
        RuntimeMetrics metrics = new RuntimeMetrics(() -> {
            java.time.Instant recent = java.time.Instant.now().minus(java.time.Duration.ofMinutes(5));
            java.util.List<MonitoredJob> shown = new java.util.ArrayList<>();
            for (RuntimeJob job : jobs.all()) {
                var running = job.running();
                if (running != null && (running.endTime() == null || running.endTime().isAfter(recent))) {
                    shown.add(new MonitoredJob(job.id(), job.name(), running));
                }
            }
            return shown;
        });
        return new RestApi.MetricsEndpoint() {
            @Override
            public String contentType(String accept) {
                return metrics.contentType(accept);
            }

            @Override
            public void scrape(String accept, java.io.OutputStream out) throws IOException {
                metrics.scrape(accept, out);
            }
        };
    }

    private static FileChannel lock(Path data) throws IOException {
        FileChannel channel = FileChannel.open(data.resolve("runtime.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("data directory " + data + " is in use by another Sluice runtime; stop"
                    + " it first, or give this one another --data-dir");
        }
        return channel;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** The port it listens on (the one chosen when configured with 0). */
    public int port() {
        return http.port();
    }

    public String address() {
        return "http://" + settings.bindAddress() + ":" + port();
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** Sluice's version, as built. */
    public static String version() {
        try (InputStream in = RuntimeServer.class.getResourceAsStream("/sluice-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // no version then
        }
        return "unknown";
    }

    /**
     * Stops listening and stops the jobs, which stay recorded as running: the next runtime on this
     * data directory resumes them.
     */
    @Override
    public void close() {
        http.stop();
        jobs.close();
        try {
            executorResources.close();
        } catch (Exception e) {
            LOG.warn("stopping the workers: {}", e.toString());
        }
        try {
            lockFile.close();
        } catch (IOException ignored) {
            // released with the process anyway
        }
        LOG.info("Sluice runtime stopped");
    }

    /** The executor jobs are handed to, and what must be released with it. */
    private record ExecutorHandle(JobExecutor executor, AutoCloseable resources) implements AutoCloseable {
        static ExecutorHandle create(RuntimeSettings settings) {
            WorkerPool pool = new WorkerPool(settings.workers(), settings.idleStrategy().name());
            return new ExecutorHandle(new LocalJobExecutor(pool), pool);
        }

        @Override
        public void close() {
            try {
                resources.close();
            } catch (Exception e) {
                LOG.warn("stopping the workers: {}", e.toString());
            }
        }
    }
}
