package io.sluice.api.config;

import java.time.Duration;

/** What the runtime does when a task fails: restart the job from its latest checkpoint, or fail it. */
public final class RestartOptions {

    private RestartOptions() {
    }

    public enum Strategy {
        /** Fail the job at the first failure. */
        NONE,
        /** Restart after a fixed delay, at most {@code restart.attempts} times. */
        FIXED_DELAY,
        /** Restart after a delay that doubles each time up to {@code restart.max-delay}; reset after a stable run. */
        EXPONENTIAL_DELAY,
        /** Restart after a fixed delay unless more than {@code restart.max-failures} happened within {@code restart.failure-interval}. */
        FAILURE_RATE
    }

    public static final ConfigOption<Strategy> STRATEGY = ConfigOption.enumOption("restart.strategy", Strategy.class,
            Strategy.NONE, "NONE, FIXED_DELAY, EXPONENTIAL_DELAY or FAILURE_RATE. With checkpoints, a restart"
                    + " resumes from the latest complete checkpoint.");

    public static final ConfigOption<Integer> ATTEMPTS = ConfigOption.intOption("restart.attempts", 3,
            "FIXED_DELAY and EXPONENTIAL_DELAY: most restarts before the job fails.").between(0, Integer.MAX_VALUE);

    public static final ConfigOption<Duration> DELAY = ConfigOption.durationOption("restart.delay",
            Duration.ofSeconds(1), "Delay before a restart (the first one, for EXPONENTIAL_DELAY).");

    public static final ConfigOption<Duration> MAX_DELAY = ConfigOption.durationOption("restart.max-delay",
            Duration.ofMinutes(1), "EXPONENTIAL_DELAY: the longest delay.");

    public static final ConfigOption<Duration> RESET_AFTER = ConfigOption.durationOption("restart.reset-after",
            Duration.ofMinutes(5), "EXPONENTIAL_DELAY: a run this long without failure resets the delay and the"
                    + " attempt count.");

    public static final ConfigOption<Integer> MAX_FAILURES = ConfigOption.intOption("restart.max-failures", 3,
            "FAILURE_RATE: most failures within restart.failure-interval.").between(1, Integer.MAX_VALUE);

    public static final ConfigOption<Duration> FAILURE_INTERVAL = ConfigOption.durationOption(
            "restart.failure-interval", Duration.ofMinutes(1), "FAILURE_RATE: the window failures are counted in.");
}
