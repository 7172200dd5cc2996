package io.sluice.connectors.kafka;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.RestartOptions;

import java.nio.file.Path;
import java.time.Duration;

/** Jobs of the recovery tests: parallelism 2, a checkpoint every 50 ms, restarts 10 ms after a failure. */
final class RestartingJobs {

    private RestartingJobs() {
    }

    /** An environment checkpointing into {@code checkpoints} that restarts up to {@code attempts} times. */
    static StreamEnvironment environment(Path checkpoints, int attempts) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, checkpoints.toString())
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, attempts)
                .set(RestartOptions.DELAY, Duration.ofMillis(10));
        return env;
    }
}
