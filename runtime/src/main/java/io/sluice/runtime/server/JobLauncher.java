package io.sluice.runtime.server;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutor;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.Configuration;
import io.sluice.api.internal.ContextConfiguration;
import io.sluice.api.internal.ContextExecutor;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.runtime.executor.ManagedJob;
import io.sluice.runtime.launch.FailureReport;
import io.sluice.runtime.launch.FailureReport.JobCodeFailure;
import io.sluice.runtime.launch.JobDefiner;
import io.sluice.runtime.launch.JobJar;
import io.sluice.runtime.launch.JobLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Starts a submitted job inside the runtime: loads its class from its jar in a class loader of its
 * own, and runs its code to define the dataflow on the calling thread, with the job's settings and
 * the runtime's executor set for that thread only (other jobs are defined with theirs). A job
 * defined by a {@code main} method has {@code env.execute()} return at once, as in a detached
 * submission, since the job now belongs to the runtime. Whatever goes wrong is refused with the
 * reason in one line, and nothing of the job is left behind.
 */
final class JobLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

    private final JobExecutor executor;

    JobLauncher(JobExecutor executor) {
        this.executor = executor;
    }

    /** A started job and the class it was defined by (whose loader is closed when the job is over). */
    record Launched(Class<?> jobClass, ManagedJob job) {
    }

    Launched launch(Path jar, String className, List<String> arguments, Configuration configuration)
            throws InterruptedException {
        Class<?> jobClass;
        try {
            jobClass = JobJar.load(jar, className);
        } catch (JobLoadException e) {
            throw new ApiException(400, e.getMessage());
        }
        Capture capture = new Capture(executor);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(jobClass.getClassLoader());
        ContextConfiguration.setForThread(configuration);
        ContextExecutor.setForThread(capture);
        String[] args = arguments.toArray(String[]::new);
        try {
            if (JobDefiner.isJobClass(jobClass)) {
                JobDefiner.define(jobClass, args);
            } else {
                JobDefiner.runMain(jobClass, args);
            }
            if (capture.job == null) {
                throw new ApiException(400, "job class " + jobClass.getName() + " defined no job: its main method"
                        + " returned without calling env.execute()");
            }
            return new Launched(jobClass, capture.job);
        } catch (JobCodeFailure e) {
            throw refuse(capture, jobClass, new ApiException(400, describe(e)));
        } catch (JobLoadException e) {
            throw refuse(capture, jobClass, new ApiException(400, e.getMessage()));
        } catch (ApiException e) {
            throw refuse(capture, jobClass, e);
        } catch (RuntimeException | LinkageError e) {
            throw refuse(capture, jobClass, new ApiException(400, describe(new JobCodeFailure(jobClass,
                    FailureReport.Phase.DEFINE, e))));
        } finally {
            ContextExecutor.clearForThread();
            ContextConfiguration.clearForThread();
            thread.setContextClassLoader(previous);
        }
    }

    private static ApiException refuse(Capture capture, Class<?> jobClass, ApiException why) {
        if (capture.job != null) {
            capture.job.cancel();
        }
        JobJar.close(jobClass);
        return why;
    }

    /** The failure as {@code sluice run} would print it, in one line (the unexpected ones go to the log). */
    private static String describe(JobCodeFailure failure) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        new FailureReport(out, message -> {
            out.println("sluice: " + message);
            return FailureReport.USAGE;
        }).report(failure.jobClass, failure.phase, failure.getCause());
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        if (!lines.isEmpty() && lines.get(0).endsWith("unexpected error:")) {
            LOG.error("job {} failed to start", failure.jobClass.getName(), failure.getCause());
            return "job " + failure.jobClass.getName() + " failed to start with an unexpected error: "
                    + failure.getCause() + " (its stack trace is in the runtime's log)";
        }
        return lines.stream().map(l -> l.replaceFirst("^sluice: ", "")).collect(Collectors.joining("; "));
    }

    /** Hands the job to the runtime's executor, once; what the job's code gets back does not wait for it. */
    private static final class Capture implements JobExecutor {
        private final JobExecutor target;
        private ManagedJob job;

        Capture(JobExecutor target) {
            this.target = target;
        }

        @Override
        public JobClient submit(StreamEnvironment env, String jobName) throws Exception {
            if (job != null) {
                throw new IllegalStateException("a job submitted to the runtime defines one job, but this one"
                        + " started a second ('" + jobName + "'); submit each job on its own");
            }
            job = (ManagedJob) target.submit(env, jobName);
            return new Detached(job);
        }
    }

    /** The job as its own code sees it inside the runtime: waiting for it returns at once. */
    private record Detached(ManagedJob job) implements JobClient {
        @Override
        public String jobId() {
            return job.jobId();
        }

        @Override
        public JobStatus status() {
            return job.status();
        }

        @Override
        public void cancel() {
            job.cancel();
        }

        @Override
        public JobResult await() {
            return new JobResult(job.jobId(), job.status(), Duration.ZERO, job.metrics());
        }

        @Override
        public JobResult await(Duration timeout) throws TimeoutException {
            return await();
        }

        @Override
        public JobMetrics metrics() {
            return job.metrics();
        }
    }
}
