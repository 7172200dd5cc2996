package io.sluice.runtime.launch;

import io.sluice.api.Job;
import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.PipelineOptions;
import io.sluice.runtime.launch.FailureReport.JobCodeFailure;
import io.sluice.runtime.launch.FailureReport.Phase;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Runs a job's own code to define its dataflow, the same way for {@code sluice run} and for the
 * runtime server: a class implementing {@link Job} is made and asked to {@code define} the job,
 * which is then started; a class with a {@code main} method has it called (it starts its job with
 * {@code env.execute()}). What the job's code throws comes out as a {@link JobCodeFailure} saying
 * where it happened; a class that is neither is refused with a {@link JobLoadException}.
 */
public final class JobDefiner {

    private JobDefiner() {
    }

    /** True when {@code jobClass} implements {@link Job} (else it is run by its {@code main}). */
    public static boolean isJobClass(Class<?> jobClass) {
        return Job.class.isAssignableFrom(jobClass);
    }

    /** Makes the {@link Job}, lets it define its dataflow and starts what it defined. */
    public static JobClient define(Class<?> jobClass, String[] args) throws JobCodeFailure, InterruptedException {
        Job job;
        try {
            job = (Job) jobClass.getDeclaredConstructor().newInstance();
        } catch (LinkageError e) {
            throw new JobCodeFailure(jobClass, Phase.DEFINE, e);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new JobLoadException("job class " + jobClass.getName() + " needs a public no-argument constructor");
        } catch (InstantiationException e) {
            throw new JobLoadException("job class " + jobClass.getName() + " is abstract; name a concrete class");
        } catch (InvocationTargetException e) {
            throw new JobCodeFailure(jobClass, Phase.DEFINE, e.getCause());
        }
        StreamEnvironment env = StreamEnvironment.create();
        try {
            job.define(env, args);
            return env.executeAsync(jobName(env, jobClass)); // validates what was defined, may refuse its checkpoint
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            // LinkageError: a class the job uses is missing from its jar (NoClassDefFoundError) or cannot load
            throw new JobCodeFailure(jobClass, Phase.DEFINE, e);
        }
    }

    /** The job's name: {@code pipeline.name} when set, else its class's simple name. */
    public static String jobName(StreamEnvironment env, Class<?> jobClass) {
        return env.config().contains(PipelineOptions.JOB_NAME)
                ? env.config().get(PipelineOptions.JOB_NAME) : jobClass.getSimpleName();
    }

    /** Calls the class's {@code public static void main(String[])}. */
    public static void runMain(Class<?> jobClass, String[] args) throws JobCodeFailure, InterruptedException {
        Method main;
        try {
            main = jobClass.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            throw new JobLoadException(jobClass.getName() + " neither implements io.sluice.api.Job nor has a"
                    + " 'public static void main(String[])'");
        }
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new JobLoadException(jobClass.getName() + ".main is not static");
        }
        try {
            main.invoke(null, (Object) args);
        } catch (IllegalAccessException e) {
            throw new JobLoadException(jobClass.getName() + ".main is not accessible: " + e.getMessage());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof Exception || cause instanceof LinkageError) {
                throw new JobCodeFailure(jobClass, Phase.MAIN, cause);
            }
            throw (Error) cause;
        }
    }
}
