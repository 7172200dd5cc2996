package io.sluice.runtime.cli;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.internal.ContextConfiguration;
import io.sluice.runtime.checkpoint.RestoreCandidates;
import io.sluice.runtime.checkpoint.RestoreRefusedException;
import io.sluice.runtime.launch.FailureReport;
import io.sluice.runtime.launch.FailureReport.JobCodeFailure;
import io.sluice.runtime.launch.JobDefiner;
import io.sluice.runtime.launch.JobJar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sluice run}, a job in this process, without a runtime:
 * <pre>
 *   sluice run [--conf FILE] [-Dkey=value ...] [--from-checkpoint DIR [--allow-non-restored-state]
 *              [--allow-duplicates]]
 *              JOB_CLASS|JOB_JAR [job args...]
 *   sluice options
 * </pre>
 * It runs a job in this process: a class implementing {@code io.sluice.api.Job}, or one
 * with a {@code main} method, on the classpath or in a jar. {@code --from-checkpoint} sets
 * {@code checkpoint.restore-from} (it must name a directory) and {@code --allow-non-restored-state}
 * sets {@code checkpoint.allow-non-restored-state}, {@code --allow-duplicates} sets
 * {@code checkpoint.allow-duplicates}; like {@code -D}, a later option on the line wins.
 *
 * <p>Exit codes and what is printed to standard error:
 * <ul>
 *   <li>0: the job finished.
 *   <li>1: the job failed. While it ran: the failure's message, which names the operator and
 *       subtask. Before it ran, by its own code (its constructor, {@code define}, {@code main}) or by
 *       a mistake the API found in its dataflow ({@link InvalidJobException}, or an argument the API
 *       refused): one line, "sluice: job CLASS failed while defining its dataflow: Type: message (at
 *       FRAME)" ("failed in its main method" for other exceptions out of a {@code main}), where FRAME
 *       is the first frame of the job's class or package, left out when there is none. Only an
 *       exception thrown inside Sluice's runtime, which no job should see, is printed with its stack
 *       trace (its message once, at the top of the trace). When a class the job uses could not be found
 *       (not in its jar, not on the classpath), before it ran or while it ran, a second line names it
 *       and says where it belongs.
 *   <li>2: a usage error (command, option, {@code -D} setting, configuration file, job class or jar),
 *       with a hint to run {@code sluice --help}; or a job that cannot start from the checkpoint it
 *       was asked to start from ({@link RestoreRefusedException}, however wrapped), printed alone in
 *       one line.
 * </ul>
 */
@Command(name = "run", description = "Runs a job in this process until it finishes or Ctrl-C (no runtime needed).")
final class RunCommand implements Callable<Integer> {

    static final int OK = FailureReport.OK;
    static final int JOB_FAILED = FailureReport.JOB_FAILED;
    static final int USAGE = FailureReport.USAGE;

    private final PrintStream out;
    private final PrintStream err;
    private final FailureReport failures;

    /** Everything after {@code run}, parsed here: options before the job, the job's own after it. */
    @Parameters(arity = "0..*", paramLabel = "ARGS")
    List<String> args = new ArrayList<>();

    RunCommand(CliContext context) {
        this.out = context.out();
        this.err = context.err();
        this.failures = new FailureReport(err, this::usageError);
    }

    @Override
    public Integer call() {
        try {
            if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
                SluiceCli.usage(out);
                return OK;
            }
            return runJob(args.toArray(String[]::new));
        } catch (JobCodeFailure e) {
            return failures.report(e.jobClass, e.phase, e.getCause());
        } catch (UsageException | IllegalArgumentException e) {
            return usageError(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("sluice: interrupted");
            return JOB_FAILED;
        } catch (Exception e) {
            return failures.report(null, FailureReport.Phase.RUN, e);
        }
    }

    private int usageError(String message) {
        err.println("sluice: " + message);
        err.println("Run 'sluice --help' for usage.");
        return USAGE;
    }

    private int runJob(String[] args) throws Exception {
        Configuration conf = new Configuration();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--conf")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--conf needs a file");
                }
                Path file = Path.of(args[++i]);
                if (!Files.isRegularFile(file)) {
                    throw new UsageException("config file " + file + " does not exist");
                }
                conf.addAll(Configuration.fromFile(file));
            } else if (a.equals("--from-checkpoint")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--from-checkpoint needs a checkpoint or savepoint directory, or a"
                            + " directory of checkpoints");
                }
                Path from = Path.of(args[++i]);
                checkCheckpointDirectory(from);
                conf.set(CheckpointingOptions.RESTORE_FROM, from.toString());
            } else if (a.equals("--allow-duplicates")) {
                conf.set(CheckpointingOptions.ALLOW_DUPLICATES, true);
            } else if (a.equals("--allow-non-restored-state")) {
                conf.set(CheckpointingOptions.ALLOW_NON_RESTORED_STATE, true);
            } else if (a.startsWith("-D")) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    throw new UsageException("expected -Dkey=value, got '" + a + "'");
                }
                conf.set(a.substring(2, eq), a.substring(eq + 1));
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option '" + a + "' before the job (job options go after it)");
            } else {
                break;
            }
        }
        if (i >= args.length) {
            throw new UsageException("run needs a job class or jar");
        }
        String jobSpec = args[i];
        String[] jobArgs = Arrays.copyOfRange(args, i + 1, args.length);
        // Settings first: a job may create its environment while its class initialises.
        ContextConfiguration.set(conf);
        Class<?> jobClass = jobSpec.endsWith(".jar") ? JobJar.load(Path.of(jobSpec)) : loadClass(jobSpec);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(jobClass.getClassLoader());
        try {
            if (JobDefiner.isJobClass(jobClass)) {
                return runJobInterface(jobClass, jobArgs);
            }
            JobDefiner.runMain(jobClass, jobArgs);
            return OK;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Refuses early, before the job is loaded, a path that is not a directory, saying what it is instead. */
    private static void checkCheckpointDirectory(Path from) throws RestoreRefusedException {
        RestoreCandidates.checkIsDirectory(from);
    }

    private int runJobInterface(Class<?> jobClass, String[] jobArgs) throws Exception {
        JobClient client = JobDefiner.define(jobClass, jobArgs);
        Thread hook = new Thread(() -> {
            client.cancel();
            try {
                client.await(java.time.Duration.ofSeconds(10));
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            JobResult result;
            try {
                result = client.await();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new JobCodeFailure(jobClass, FailureReport.Phase.RUN, e);
            }
            err.println("sluice: job " + jobNameOf(client, jobClass) + " " + result.status() + " in "
                    + result.duration().toMillis() + " ms");
            return OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private static String jobNameOf(JobClient client, Class<?> jobClass) {
        return client instanceof io.sluice.runtime.executor.ManagedJob managed ? managed.name() : jobClass.getSimpleName();
    }

    private static Class<?> loadClass(String name) {
        try {
            return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageException("no class " + name + " on the classpath; pass a fully qualified job class name"
                    + " or the path of a job jar (ending in .jar)");
        }
    }

}
