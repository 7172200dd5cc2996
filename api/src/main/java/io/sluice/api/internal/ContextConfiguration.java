package io.sluice.api.internal;

import io.sluice.api.config.Configuration;

/**
 * Settings given to the launcher ({@code bin/sluice run --conf ... -Dkey=value}, or a submission to
 * the runtime server) that every {@code StreamEnvironment.create()} of a job starts from, so a job's
 * {@code main} needs no code to pick them up. The launcher sets them once for the process; the
 * runtime server sets them for the thread that defines one job ({@link #setForThread}), since it
 * defines many jobs, each with its own settings.
 */
public final class ContextConfiguration {

    private static volatile Configuration current = new Configuration();
    private static final ThreadLocal<Configuration> THREAD = new ThreadLocal<>();

    private ContextConfiguration() {
    }

    public static Configuration get() {
        Configuration own = THREAD.get();
        return own != null ? own : current;
    }

    public static void set(Configuration configuration) {
        current = configuration;
    }

    /** Settings for jobs defined on this thread only, until {@link #clearForThread}. */
    public static void setForThread(Configuration configuration) {
        THREAD.set(configuration);
    }

    public static void clearForThread() {
        THREAD.remove();
    }
}
