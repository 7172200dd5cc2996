package io.sluice.runtime.checkpoint;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.RestartOptions;

import java.nio.file.Path;
import java.time.Duration;

/** The checkpoint and restart settings the recovery tests share. */
final class RecoveryConfig {

    private RecoveryConfig() {
    }

    /** Checkpoints every {@code intervalMs} into {@code dir}; up to {@code restarts} restarts after a short delay. */
    static StreamEnvironment checkpointedWithRestarts(StreamEnvironment env, Path dir, long intervalMs, int restarts) {
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(intervalMs))
                .set(CheckpointingOptions.DIRECTORY, dir.toString())
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, restarts)
                .set(RestartOptions.DELAY, Duration.ofMillis(10));
        return env;
    }
}
