package io.sluice.api.functions;

import java.io.Serializable;

/**
 * When and how often an async request is tried again (Flink's {@code AsyncRetryStrategy}); see
 * {@link AsyncRetryStrategies} for the built-in ones. The operator's timeout covers all attempts.
 */
public interface AsyncRetryStrategy<OUT> extends Serializable {

    /** Whether another attempt may follow {@code currentAttempts} attempts (the first counts as 1). */
    boolean canRetry(int currentAttempts);

    /** How long to wait, in milliseconds, before the attempt after {@code currentAttempts} attempts. */
    long getBackoffTimeMillis(int currentAttempts);

    /** Which outcomes are worth another attempt. */
    AsyncRetryPredicate<OUT> getRetryPredicate();
}
