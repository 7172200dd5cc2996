package io.sluice.api.functions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Built-in {@link AsyncRetryStrategy retry strategies} (Flink's {@code AsyncRetryStrategies}).
 *
 * <pre>{@code
 * // up to 3 attempts in all, 50 ms apart, on any error and on an empty result
 * AsyncRetryStrategies.<String>fixedDelay(3, Duration.ofMillis(50))
 *         .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE);
 * }</pre>
 *
 * <p>{@code maxAttempts} counts every call of {@code asyncInvoke} for one input, the first included.
 * The builders of Flink's names ({@link FixedDelayRetryStrategyBuilder},
 * {@link ExponentialBackoffDelayRetryStrategyBuilder}) retry, as in Flink, only on what
 * {@code ifException}/{@code ifResult} say; the short forms {@link #fixedDelay} and
 * {@link #exponentialBackoff} retry on every error unless told otherwise.
 */
public final class AsyncRetryStrategies {

    private AsyncRetryStrategies() {
    }

    /** A serializable predicate: a lambda passed where one is expected can be copied to every subtask. */
    @FunctionalInterface
    public interface Condition<T> extends Predicate<T>, Serializable {
    }

    /** Never tries again. */
    @SuppressWarnings("rawtypes")
    public static final AsyncRetryStrategy NO_RETRY_STRATEGY = new Strategy<>(1, 0, 0, 1.0, null, null);

    /** Up to {@code maxAttempts} attempts in all, {@code delay} apart, on every error. */
    public static <OUT> Strategy<OUT> fixedDelay(int maxAttempts, Duration delay) {
        long ms = delay.toMillis();
        return new Strategy<OUT>(maxAttempts, ms, ms, 1.0, null, null).ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE);
    }

    /**
     * Up to {@code maxAttempts} attempts in all, on every error; the first retry after
     * {@code initialDelay}, each next one {@code multiplier} times later, at most {@code maxDelay}.
     */
    public static <OUT> Strategy<OUT> exponentialBackoff(int maxAttempts, Duration initialDelay, Duration maxDelay,
                                                        double multiplier) {
        return new Strategy<OUT>(maxAttempts, initialDelay.toMillis(), maxDelay.toMillis(), multiplier, null, null)
                .ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE);
    }

    /** A retry strategy: how many attempts, how far apart, on which outcomes. Immutable. */
    public static final class Strategy<OUT> implements AsyncRetryStrategy<OUT>, AsyncRetryPredicate<OUT> {

        private static final long serialVersionUID = 1L;

        private final int maxAttempts;
        private final long initialDelayMs;
        private final long maxDelayMs;
        private final double multiplier;
        private final Condition<? super Collection<OUT>> resultCondition;
        private final Condition<? super Throwable> exceptionCondition;

        Strategy(int maxAttempts, long initialDelayMs, long maxDelayMs, double multiplier,
                 Condition<? super Collection<OUT>> resultCondition, Condition<? super Throwable> exceptionCondition) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 (the first attempt), got " + maxAttempts);
            }
            if (initialDelayMs < 0 || maxDelayMs < initialDelayMs) {
                throw new IllegalArgumentException("retry delays must satisfy 0 <= initial delay <= max delay, got "
                        + initialDelayMs + " ms and " + maxDelayMs + " ms");
            }
            if (!(multiplier >= 1.0)) {
                throw new IllegalArgumentException("the backoff multiplier must be at least 1.0, got " + multiplier);
            }
            this.maxAttempts = maxAttempts;
            this.initialDelayMs = initialDelayMs;
            this.maxDelayMs = maxDelayMs;
            this.multiplier = multiplier;
            this.resultCondition = resultCondition;
            this.exceptionCondition = exceptionCondition;
        }

        /** Also tries again when a result matches {@code condition} (the result is then not emitted). */
        public Strategy<OUT> ifResult(Condition<? super Collection<OUT>> condition) {
            return new Strategy<>(maxAttempts, initialDelayMs, maxDelayMs, multiplier, condition, exceptionCondition);
        }

        /** Tries again only on errors that match {@code condition}. */
        public Strategy<OUT> ifException(Condition<? super Throwable> condition) {
            return new Strategy<>(maxAttempts, initialDelayMs, maxDelayMs, multiplier, resultCondition, condition);
        }

        @Override
        public boolean canRetry(int currentAttempts) {
            return currentAttempts < maxAttempts;
        }

        @Override
        public long getBackoffTimeMillis(int currentAttempts) {
            double delay = initialDelayMs * Math.pow(multiplier, Math.max(0, currentAttempts - 1));
            return (long) Math.min(maxDelayMs, delay);
        }

        @Override
        public AsyncRetryPredicate<OUT> getRetryPredicate() {
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Optional<Predicate<Collection<OUT>>> resultPredicate() {
            return Optional.ofNullable((Predicate<Collection<OUT>>) (Predicate<?>) resultCondition);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Optional<Predicate<Throwable>> exceptionPredicate() {
            return Optional.ofNullable((Predicate<Throwable>) (Predicate<?>) exceptionCondition);
        }
    }

    /** Flink's builder of a fixed-delay strategy; retries only on what {@code ifResult}/{@code ifException} say. */
    public static final class FixedDelayRetryStrategyBuilder<OUT> {
        private Strategy<OUT> strategy;

        public FixedDelayRetryStrategyBuilder(int maxAttempts, long backoffTimeMillis) {
            strategy = new Strategy<>(maxAttempts, backoffTimeMillis, backoffTimeMillis, 1.0, null, null);
        }

        public FixedDelayRetryStrategyBuilder<OUT> ifResult(Condition<? super Collection<OUT>> condition) {
            strategy = strategy.ifResult(condition);
            return this;
        }

        public FixedDelayRetryStrategyBuilder<OUT> ifException(Condition<? super Throwable> condition) {
            strategy = strategy.ifException(condition);
            return this;
        }

        public AsyncRetryStrategy<OUT> build() {
            return strategy;
        }
    }

    /** Flink's builder of an exponential-backoff strategy; retries only on what {@code ifResult}/{@code ifException} say. */
    public static final class ExponentialBackoffDelayRetryStrategyBuilder<OUT> {
        private Strategy<OUT> strategy;

        public ExponentialBackoffDelayRetryStrategyBuilder(int maxAttempts, long initialDelay, long maxRetryDelay,
                                                           double multiplier) {
            strategy = new Strategy<>(maxAttempts, initialDelay, maxRetryDelay, multiplier, null, null);
        }

        public ExponentialBackoffDelayRetryStrategyBuilder<OUT> ifResult(Condition<? super Collection<OUT>> condition) {
            strategy = strategy.ifResult(condition);
            return this;
        }

        public ExponentialBackoffDelayRetryStrategyBuilder<OUT> ifException(Condition<? super Throwable> condition) {
            strategy = strategy.ifException(condition);
            return this;
        }

        public AsyncRetryStrategy<OUT> build() {
            return strategy;
        }
    }
}
