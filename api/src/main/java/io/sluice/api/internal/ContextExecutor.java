package io.sluice.api.internal;

import io.sluice.api.JobExecutor;

/**
 * The executor that jobs defined on this thread are submitted to, set by the runtime server while
 * it defines a submitted job: {@code env.execute()} in the job's code then hands the job to the
 * server instead of running it in a runtime of its own. Unset, the executor is found through
 * {@link java.util.ServiceLoader}.
 */
public final class ContextExecutor {

    private static final ThreadLocal<JobExecutor> THREAD = new ThreadLocal<>();

    private ContextExecutor() {
    }

    /** The executor set for this thread, or null. */
    public static JobExecutor get() {
        return THREAD.get();
    }

    public static void setForThread(JobExecutor executor) {
        THREAD.set(executor);
    }

    public static void clearForThread() {
        THREAD.remove();
    }
}
