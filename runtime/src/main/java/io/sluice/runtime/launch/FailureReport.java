package io.sluice.runtime.launch;

import io.sluice.api.InvalidJobException;
import io.sluice.api.JobFailedException;
import io.sluice.runtime.checkpoint.RestoreRefusedException;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How the {@code sluice} command and the runtime server tell a user what went wrong once a job's code runs: a refused
 * restore alone in one line, a job that failed by its message, the job's own mistakes in one line
 * naming its class and the frame where it threw, and a stack trace only for what is unexpected
 * inside Sluice's runtime; when a class could not be found, a second line says where it should have
 * been. Returns the exit code.
 */
public final class FailureReport {

    /** Exit codes of the {@code sluice} command. */
    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int USAGE = 2;


    private final PrintStream err;
    /** Prints a usage error and returns its exit code. */
    private final Function<String, Integer> usage;

    public FailureReport(PrintStream err, Function<String, Integer> usage) {
        this.err = err;
        this.usage = usage;
    }

    /** Where the job was when {@link JobCodeFailure} left its code or the start of the job. */
    public enum Phase {
        /** Its constructor or {@code define}, or the validation and start of what it defined. */
        DEFINE("failed while defining its dataflow"),
        /** Its {@code main}, which may also start and await the job. */
        MAIN("failed in its main method"),
        /** Waiting for the job that runs. */
        RUN("failed");

        final String failed;

        Phase(String failed) {
            this.failed = failed;
        }
    }

    /** An exception out of the job's code or out of starting what it defined, with where it happened. */
    public static final class JobCodeFailure extends Exception {
        private static final long serialVersionUID = 1L;
        public final transient Class<?> jobClass;
        public final Phase phase;

        public JobCodeFailure(Class<?> jobClass, Phase phase, Throwable cause) {
            super(cause);
            this.jobClass = jobClass;
            this.phase = phase;
        }
    }

    /**
     * Prints {@code failure} for the user and returns the exit code, in this order: a refused restore
     * anywhere in its causes is printed alone (exit 2); a job that failed while running, by its
     * message (1); a mistake the API found in the dataflow, and any exception not thrown inside
     * Sluice's runtime, as the job's error in one line (1); an {@link IllegalArgumentException}
     * thrown by the runtime as it starts the job is a setting it cannot use (2, as a usage error);
     * anything else thrown inside the runtime is unexpected, printed with its stack trace (1).
     *
     * @param jobClass the job's class; null when not known (then nothing is the job's)
     */
    public int report(Class<?> jobClass, Phase phase, Throwable failure) {
        int exitCode = reportFailure(jobClass, phase, failure);
        String missing = missingClass(failure);
        if (missing != null && exitCode == JOB_FAILED) {
            err.println("sluice: " + missingClassHint(missing, jobClass));
        }
        return exitCode;
    }

    private int reportFailure(Class<?> jobClass, Phase phase, Throwable failure) {
        RestoreRefusedException refused = find(failure, RestoreRefusedException.class);
        if (refused != null) {
            err.println("sluice: " + refused.getMessage());
            return USAGE;
        }
        JobFailedException failed = find(failure, JobFailedException.class);
        if (failed != null) {
            err.println("sluice: " + failed.getMessage());
            return JOB_FAILED;
        }
        InvalidJobException invalid = find(failure, InvalidJobException.class);
        if (invalid != null && jobClass != null) {
            err.println(jobError(jobClass, Phase.DEFINE, invalid));
            return JOB_FAILED;
        }
        StackTraceElement thrownAt = throwSite(failure, jobClass);
        boolean insideRuntime = thrownAt != null && !isJobFrame(thrownAt, jobClass) && isRuntimeFrame(thrownAt);
        if (jobClass != null && !insideRuntime) {
            err.println(jobError(jobClass, phase, failure));
            return JOB_FAILED;
        }
        if (insideRuntime && failure instanceof IllegalArgumentException && phase != Phase.RUN) {
            return usage.apply(failure.getMessage());
        }
        err.println("sluice: the job failed with an unexpected error:");
        failure.printStackTrace(err); // its first line is the exception and its message
        return JOB_FAILED;
    }

    /**
     * The class named by the first {@link NoClassDefFoundError} or {@link ClassNotFoundException}
     * among {@code t} and its causes (dotted), or null when no class was missing.
     */
    private static String missingClass(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
            if ((c instanceof NoClassDefFoundError || c instanceof ClassNotFoundException) && c.getMessage() != null) {
                return c.getMessage().replace('/', '.');
            }
        }
        return null;
    }

    /** Where a missing class should have been: in the job's jar, or in a jar to run the job from. */
    private static String missingClassHint(String className, Class<?> jobClass) {
        String classpath = " the classpath of bin/sluice (Sluice's API, runtime and connectors, with their"
                + " libraries); ";
        if (io.sluice.runtime.launch.JobJar.isFromJar(jobClass)) {
            return "class " + className + " is neither in the job's jar nor on" + classpath
                    + "build the job jar with the libraries the job uses inside (a shaded jar)";
        }
        return "class " + className + " is not on" + classpath
                + "run the job from a jar that holds it and the other libraries the job uses (a shaded jar)";
    }

    /** "sluice: job CLASS PHASE: Type: message (at FRAME)", the frame left out when no frame is the job's. */
    private static String jobError(Class<?> jobClass, Phase phase, Throwable t) {
        StringBuilder line = new StringBuilder("sluice: job ").append(jobClass.getName()).append(' ')
                .append(phase.failed).append(": ").append(t.getClass().getSimpleName());
        if (t.getMessage() != null) {
            line.append(": ").append(t.getMessage().lines().findFirst().orElse(""));
        }
        StackTraceElement frame = jobFrame(t, jobClass);
        if (frame != null) {
            line.append(" (at ").append(frame).append(')');
        }
        return line.toString();
    }

    /**
     * The first frame of {@code t} in the job's class or package: where the job threw, or called
     * what threw. Only frames above the command's are searched: below it is whatever called the
     * command, never the job, even when it shares the job's package.
     */
    private static StackTraceElement jobFrame(Throwable t, Class<?> jobClass) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (isCommandFrame(e)) {
                break;
            }
            if (isJobFrame(e, jobClass)) {
                return e;
            }
        }
        return null;
    }

    /** The first frame of {@code t} outside the JDK: the job's, a library's, or Sluice's. */
    private static StackTraceElement throwSite(Throwable t, Class<?> jobClass) {
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (isJobFrame(e, jobClass) || !(c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.")
                    || c.startsWith("sun.") || c.startsWith("com.sun."))) {
                return e;
            }
        }
        return null;
    }

    /** The launcher's own frames: the command line, the job definer, the runtime server. */
    private static boolean isCommandFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.equals("io.sluice.runtime.cli.SluiceCli") || c.equals(JobDefiner.class.getName())
                || c.startsWith("io.sluice.runtime.server.");
    }

    private static boolean isJobFrame(StackTraceElement e, Class<?> jobClass) {
        if (jobClass == null || isCommandFrame(e)) {
            return false;
        }
        String c = e.getClassName();
        String name = jobClass.getName();
        String pkg = jobClass.getPackageName();
        return c.equals(name) || c.startsWith(name + "$") || !pkg.isEmpty() && c.startsWith(pkg + ".");
    }

    /** Sluice's engine, which a job does not call: what is thrown there is not the job's doing. */
    private static boolean isRuntimeFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("io.sluice.runtime.") || c.startsWith("io.sluice.state.");
    }

    /** The first of {@code t} and its causes that is a {@code type}. */
    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
