package io.sluice.api.config;

import java.time.Duration;

/** Options of checkpoints: exactly-once snapshots of the whole job, taken while it runs. */
public final class CheckpointingOptions {

    private CheckpointingOptions() {
    }

    /** How a task with several inputs treats a checkpoint barrier. */
    public enum CheckpointMode {
        /** Hold the inputs that delivered the barrier until all have: no in-flight data in the snapshot. */
        ALIGNED,
        /** Let the barrier overtake queued elements and store those with the snapshot: progress under back-pressure. */
        UNALIGNED
    }

    public static final ConfigOption<Duration> INTERVAL = ConfigOption.durationOption("checkpoint.interval",
            Duration.ZERO, "Time between the starts of two checkpoints; 0 turns periodic checkpoints off"
                    + " (checkpoints can still be taken on demand).");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOption.durationOption("checkpoint.timeout",
            Duration.ofMinutes(10), "A checkpoint not complete after this long is aborted (and counted as failed).");

    public static final ConfigOption<Duration> MIN_PAUSE = ConfigOption.durationOption("checkpoint.min-pause",
            Duration.ZERO, "Least time between the end of one checkpoint and the start of the next.");

    public static final ConfigOption<Integer> MAX_CONCURRENT = ConfigOption.intOption("checkpoint.max-concurrent", 1,
            "Most checkpoints in progress at once.").between(1, 64);

    public static final ConfigOption<Integer> RETAINED = ConfigOption.intOption("checkpoint.retained", 2,
            "Completed checkpoints kept in the checkpoint directory; older ones are deleted.").between(1, 1000);

    public static final ConfigOption<String> DIRECTORY = ConfigOption.stringOption("checkpoint.directory", "",
            "Where checkpoints are written, one sub-directory per checkpoint; empty for"
                    + " <java.io.tmpdir>/sluice-checkpoints/<job name>.");

    public static final ConfigOption<CheckpointMode> MODE = ConfigOption.enumOption("checkpoint.mode",
            CheckpointMode.class, CheckpointMode.ALIGNED, "ALIGNED or UNALIGNED barriers.");

    public static final ConfigOption<Duration> ALIGNMENT_TIMEOUT = ConfigOption.durationOption(
            "checkpoint.alignment-timeout", Duration.ZERO, "With ALIGNED mode: once a checkpoint was triggered this"
                    + " long ago, a task that has not taken it yet takes it unaligned (its barrier overtakes the"
                    + " queued records, which are stored with it); 0 never switches. Savepoints stay aligned.");

    public static final ConfigOption<String> RESTORE_FROM = ConfigOption.stringOption("checkpoint.restore-from", "",
            "Start the job from this checkpoint or savepoint directory (or from the latest complete checkpoint"
                    + " under it); empty starts from scratch.");

    public static final ConfigOption<Boolean> ALLOW_DUPLICATES = ConfigOption.booleanOption(
            "checkpoint.allow-duplicates", false, "When the newest complete checkpoint cannot be used, start from an"
                    + " older one even though the newer one had committed its sinks' output: the output between the"
                    + " two is written again. Without it such a fall-back is refused.");

    public static final ConfigOption<Boolean> ALLOW_NON_RESTORED_STATE = ConfigOption.booleanOption(
            "checkpoint.allow-non-restored-state", false, "Start from a snapshot that holds state of operators the"
                    + " job no longer has (matched by uid), dropping that state, instead of refusing it.");
}
