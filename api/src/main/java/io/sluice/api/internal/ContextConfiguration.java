package io.sluice.api.internal;

import io.sluice.api.config.Configuration;

/**
 * Settings given to the launcher ({@code bin/sluice run --conf ... -Dkey=value}) that every
 * {@code StreamEnvironment.create()} of a job starts from, so a job's {@code main} needs no code
 * to pick them up. Set once by the launcher before the job runs.
 */
public final class ContextConfiguration {

    private static volatile Configuration current = new Configuration();

    private ContextConfiguration() {
    }

    public static Configuration get() {
        return current;
    }

    public static void set(Configuration configuration) {
        current = configuration;
    }
}
