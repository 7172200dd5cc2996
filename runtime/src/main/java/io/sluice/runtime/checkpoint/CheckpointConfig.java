package io.sluice.runtime.checkpoint;

import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;

import java.nio.file.Path;
import java.time.Duration;

/** The checkpoint settings of one job, read once from its configuration. */
public record CheckpointConfig(Duration interval, Duration timeout, Duration minPause, int maxConcurrent,
                               int retained, Path baseDirectory, CheckpointingOptions.CheckpointMode mode,
                               Duration alignmentTimeout) {

    public static CheckpointConfig from(Configuration config, String jobName) {
        String dir = config.get(CheckpointingOptions.DIRECTORY);
        Path base = dir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "sluice-checkpoints", jobName.replaceAll("[^A-Za-z0-9._-]", "_"))
                : Path.of(dir);
        return new CheckpointConfig(config.get(CheckpointingOptions.INTERVAL), config.get(CheckpointingOptions.TIMEOUT),
                config.get(CheckpointingOptions.MIN_PAUSE), config.get(CheckpointingOptions.MAX_CONCURRENT),
                config.get(CheckpointingOptions.RETAINED), base, config.get(CheckpointingOptions.MODE),
                config.get(CheckpointingOptions.ALIGNMENT_TIMEOUT));
    }

    public boolean periodic() {
        return !interval.isZero() && !interval.isNegative();
    }
}
