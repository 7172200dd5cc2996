package io.sluice.api.config;

import java.time.Duration;

/** Options of the job's shape: parallelism, key groups, watermarks. */
public final class PipelineOptions {

    private PipelineOptions() {
    }

    public static final ConfigOption<Integer> PARALLELISM = ConfigOption.intOption("pipeline.parallelism",
            Runtime.getRuntime().availableProcessors(),
            "Default parallelism of operators that do not set their own. Defaults to the number of cores.")
            .between(1, 32768);

    public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOption.intOption("pipeline.max-parallelism",
            128, "Number of key groups: the upper bound of any keyed operator's parallelism and the unit in"
                    + " which keyed state is redistributed when rescaling.").between(1, 32768);

    public static final ConfigOption<Duration> AUTO_WATERMARK_INTERVAL = ConfigOption.durationOption(
            "pipeline.auto-watermark-interval", Duration.ofMillis(200),
            "How often periodic watermark generators are asked for a watermark.");

    public static final ConfigOption<String> JOB_NAME = ConfigOption.stringOption("pipeline.name", "sluice-job",
            "The job's name, used in logs and metrics.");
}
