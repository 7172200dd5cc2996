package io.sluice.runtime.recovery;

import io.sluice.api.config.Configuration;
import io.sluice.api.config.RestartOptions;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides, at each failure of a job, whether to restart it and after how long. One instance per
 * job; called from the job's own thread only.
 */
public abstract class RestartStrategy {

    /**
     * A failure happened at {@code nowMs}, after a run that started at {@code runStartMs}.
     *
     * @return the delay before restarting, in ms, or -1 to fail the job
     */
    public abstract long onFailure(long nowMs, long runStartMs);

    /** Says which limit ended the restarts, for the job's failure message. */
    public abstract String describe();

    public static RestartStrategy from(Configuration config) {
        long delay = config.get(RestartOptions.DELAY).toMillis();
        int attempts = config.get(RestartOptions.ATTEMPTS);
        return switch (config.get(RestartOptions.STRATEGY)) {
            case NONE -> none();
            case FIXED_DELAY -> fixedDelay(attempts, delay);
            case EXPONENTIAL_DELAY -> exponentialDelay(attempts, delay, config.get(RestartOptions.MAX_DELAY).toMillis(),
                    config.get(RestartOptions.RESET_AFTER).toMillis());
            case FAILURE_RATE -> failureRate(config.get(RestartOptions.MAX_FAILURES),
                    config.get(RestartOptions.FAILURE_INTERVAL).toMillis(), delay);
        };
    }

    public static RestartStrategy none() {
        return new RestartStrategy() {
            @Override
            public long onFailure(long nowMs, long runStartMs) {
                return -1;
            }

            @Override
            public String describe() {
                return "restart.strategy is NONE";
            }
        };
    }

    public static RestartStrategy fixedDelay(int attempts, long delayMs) {
        return new RestartStrategy() {
            private int used;

            @Override
            public long onFailure(long nowMs, long runStartMs) {
                return used++ < attempts ? delayMs : -1;
            }

            @Override
            public String describe() {
                return "all " + attempts + " restarts (restart.attempts) were used";
            }
        };
    }

    /** Doubles the delay at each failure up to {@code maxDelayMs}; a run of {@code resetAfterMs} without failure starts over. */
    public static RestartStrategy exponentialDelay(int attempts, long initialDelayMs, long maxDelayMs, long resetAfterMs) {
        return new RestartStrategy() {
            private int used;
            private long next = initialDelayMs;

            @Override
            public long onFailure(long nowMs, long runStartMs) {
                if (nowMs - runStartMs >= resetAfterMs) {
                    used = 0;
                    next = initialDelayMs;
                }
                if (used++ >= attempts) {
                    return -1;
                }
                long d = next;
                next = Math.min(maxDelayMs, Math.max(1, next * 2));
                return d;
            }

            @Override
            public String describe() {
                return "all " + attempts + " restarts (restart.attempts) were used within restart.reset-after";
            }
        };
    }

    /** Restarts unless more than {@code maxFailures} failures fall within {@code intervalMs}. */
    public static RestartStrategy failureRate(int maxFailures, long intervalMs, long delayMs) {
        return new RestartStrategy() {
            private final Deque<Long> failures = new ArrayDeque<>();

            @Override
            public long onFailure(long nowMs, long runStartMs) {
                failures.addLast(nowMs);
                while (!failures.isEmpty() && failures.peekFirst() < nowMs - intervalMs) {
                    failures.removeFirst();
                }
                return failures.size() > maxFailures ? -1 : delayMs;
            }

            @Override
            public String describe() {
                return "more than " + maxFailures + " failures (restart.max-failures) happened within "
                        + intervalMs + " ms (restart.failure-interval)";
            }
        };
    }
}
