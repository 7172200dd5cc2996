package io.sluice.runtime.cli;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ConfigOption;
import io.sluice.api.config.ConfigRegistry;
import io.sluice.api.config.Configuration;
import io.sluice.api.internal.ContextConfiguration;
import io.sluice.runtime.checkpoint.RestoreCandidates;
import io.sluice.runtime.checkpoint.RestoreRefusedException;
import io.sluice.runtime.launch.FailureReport;
import io.sluice.runtime.launch.FailureReport.JobCodeFailure;
import io.sluice.runtime.launch.JobDefiner;
import io.sluice.runtime.launch.JobJar;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code sluice} command:
 * <pre>
 *   sluice run [--conf FILE] [-Dkey=value ...] [--from-checkpoint DIR [--allow-non-restored-state]
 *              [--allow-duplicates]]
 *              JOB_CLASS|JOB_JAR [job args...]
 *   sluice options
 * </pre>
 * {@code run} runs a job in this process: a class implementing {@code io.sluice.api.Job}, or one
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
public final class SluiceCli {

    static final int OK = FailureReport.OK;
    static final int JOB_FAILED = FailureReport.JOB_FAILED;
    static final int USAGE = FailureReport.USAGE;

    private final PrintStream out;
    private final PrintStream err;
    private final FailureReport failures;

    SluiceCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.failures = new FailureReport(err, this::usageError);
    }

    public static void main(String[] args) {
        System.exit(new SluiceCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("help") || args[0].equals("-h")) {
                usage(out);
                return args.length == 0 ? USAGE : OK;
            }
            switch (args[0]) {
                case "run":
                    return runJob(Arrays.copyOfRange(args, 1, args.length));
                case "options":
                    printOptions();
                    return OK;
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
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

    private void printOptions() {
        String area = null;
        for (ConfigOption<?> o : ConfigRegistry.all()) {
            if (!o.area().equals(area)) {
                area = o.area();
                out.println();
                out.println("[" + area + "]");
            }
            out.printf("  %-36s %-10s default %s%n      %s%n", o.key(), o.type().getSimpleName(), o.defaultValue(),
                    o.description());
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage:");
        out.println("  sluice run [--conf FILE] [-Dkey=value ...] [--from-checkpoint DIR [--allow-non-restored-state]");
        out.println("             [--allow-duplicates]]");
        out.println("             JOB_CLASS|JOB_JAR [job args...]");
        out.println("      Runs a job in this process until it finishes (bounded input) or Ctrl-C.");
        out.println("      JOB_CLASS implements io.sluice.api.Job or has a main method.");
        out.println("      A JOB_JAR names its job with the manifest attribute 'Sluice-Job'.");
        out.println("      --from-checkpoint DIR  start from a checkpoint or savepoint directory, or from the newest");
        out.println("                             complete checkpoint under DIR (checkpoint.restore-from);");
        out.println("                             DIR is a directory, not a file in it");
        out.println("      --allow-non-restored-state  drop snapshot state of operators the job no longer has");
        out.println("                             (checkpoint.allow-non-restored-state=true)");
        out.println("      --allow-duplicates     when the newest checkpoint is unusable, start from an older one even");
        out.println("                             though the newer one had committed output, which is then written");
        out.println("                             again (checkpoint.allow-duplicates=true)");
        out.println("      Exit code 0 when the job finished; 1 when it failed: its own error (or a mistake in its");
        out.println("      dataflow) in one line naming its class and where it was thrown, or the failure while");
        out.println("      it ran; 2 for a usage error, or when it cannot start from the checkpoint it was given.");
        out.println("  sluice queue produce DIR [FILE] | tail DIR [--from-start] [--committed] [--no-follow]");
        out.println("      Puts lines into a Chronicle queue, or shows what is in one ('sluice queue --help').");
        out.println("  sluice options");
        out.println("      Lists every configuration option with its default.");
    }
}
