package io.sluice.api;

import io.sluice.api.functions.AsyncFunction;
import io.sluice.api.functions.AsyncRetryStrategies;
import io.sluice.api.functions.AsyncRetryStrategy;
import io.sluice.api.graph.OperatorSpec;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Applies an {@link AsyncFunction} to a stream (Flink's {@code AsyncDataStream}): each subtask keeps
 * up to {@code capacity} requests in flight and takes no more input while it is full.
 *
 * <pre>{@code
 * DataStream<Enriched> enriched = AsyncDataStream.orderedWait(
 *         orders, new LookupCustomer(), 500, TimeUnit.MILLISECONDS, 100);
 * }</pre>
 *
 * <p>{@code orderedWait} emits results in the order of the inputs; {@code unorderedWait} emits them as
 * they come, but never across a watermark: the results of every input before a watermark are emitted
 * before it. Results carry their input's timestamp. The timeout covers all attempts of one input;
 * when it passes, {@link AsyncFunction#timeout} is called. Inputs whose results are not yet emitted
 * are part of checkpoints and are requested again after a restore.
 */
public final class AsyncDataStream {

    /** Flink's default capacity: requests in flight per subtask. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100;

    private AsyncDataStream() {
    }

    /** Whether results keep the order of their inputs. */
    public enum OutputMode {
        ORDERED, UNORDERED
    }

    public static <IN, OUT> DataStream<OUT> orderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                        long timeout, TimeUnit timeUnit) {
        return orderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY);
    }

    /** Results in input order; {@code timeout} 0 waits forever. */
    @SuppressWarnings("unchecked")
    public static <IN, OUT> DataStream<OUT> orderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                        long timeout, TimeUnit timeUnit, int capacity) {
        return add(in, function, timeout, timeUnit, capacity, OutputMode.ORDERED, AsyncRetryStrategies.NO_RETRY_STRATEGY);
    }

    /** Results in input order, requests retried as {@code retryStrategy} says. */
    public static <IN, OUT> DataStream<OUT> orderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                        long timeout, TimeUnit timeUnit, int capacity,
                                                        AsyncRetryStrategy<OUT> retryStrategy) {
        return add(in, function, timeout, timeUnit, capacity, OutputMode.ORDERED, retryStrategy);
    }

    public static <IN, OUT> DataStream<OUT> unorderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                          long timeout, TimeUnit timeUnit) {
        return unorderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY);
    }

    /** Results as they come, never across a watermark; {@code timeout} 0 waits forever. */
    @SuppressWarnings("unchecked")
    public static <IN, OUT> DataStream<OUT> unorderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                          long timeout, TimeUnit timeUnit, int capacity) {
        return add(in, function, timeout, timeUnit, capacity, OutputMode.UNORDERED,
                AsyncRetryStrategies.NO_RETRY_STRATEGY);
    }

    /** Results as they come, never across a watermark; requests retried as {@code retryStrategy} says. */
    public static <IN, OUT> DataStream<OUT> unorderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                          long timeout, TimeUnit timeUnit, int capacity,
                                                          AsyncRetryStrategy<OUT> retryStrategy) {
        return add(in, function, timeout, timeUnit, capacity, OutputMode.UNORDERED, retryStrategy);
    }

    /** Flink's name for {@link #orderedWait(DataStream, AsyncFunction, long, TimeUnit, int, AsyncRetryStrategy)}. */
    public static <IN, OUT> DataStream<OUT> orderedWaitWithRetry(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                 long timeout, TimeUnit timeUnit, int capacity,
                                                                 AsyncRetryStrategy<OUT> retryStrategy) {
        return orderedWait(in, function, timeout, timeUnit, capacity, retryStrategy);
    }

    public static <IN, OUT> DataStream<OUT> orderedWaitWithRetry(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                 long timeout, TimeUnit timeUnit,
                                                                 AsyncRetryStrategy<OUT> retryStrategy) {
        return orderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, retryStrategy);
    }

    /** Flink's name for {@link #unorderedWait(DataStream, AsyncFunction, long, TimeUnit, int, AsyncRetryStrategy)}. */
    public static <IN, OUT> DataStream<OUT> unorderedWaitWithRetry(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                   long timeout, TimeUnit timeUnit, int capacity,
                                                                   AsyncRetryStrategy<OUT> retryStrategy) {
        return unorderedWait(in, function, timeout, timeUnit, capacity, retryStrategy);
    }

    public static <IN, OUT> DataStream<OUT> unorderedWaitWithRetry(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                   long timeout, TimeUnit timeUnit,
                                                                   AsyncRetryStrategy<OUT> retryStrategy) {
        return unorderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, retryStrategy);
    }

    private static <IN, OUT> DataStream<OUT> add(DataStream<IN> in, AsyncFunction<IN, OUT> function, long timeout,
                                                 TimeUnit timeUnit, int capacity, OutputMode mode,
                                                 AsyncRetryStrategy<OUT> retryStrategy) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(timeUnit, "timeUnit");
        Objects.requireNonNull(retryStrategy, "retryStrategy");
        if (capacity <= 0) {
            throw new InvalidJobException("the capacity of an async operator must be at least 1 (requests in flight"
                    + " per subtask), got " + capacity);
        }
        if (timeout < 0) {
            throw new InvalidJobException("the timeout of an async operator must be positive, or 0 for none, got "
                    + timeout + " " + timeUnit);
        }
        long timeoutMs = timeout == 0 ? 0 : Math.max(1, timeUnit.toMillis(timeout));
        return in.oneInput(mode == OutputMode.ORDERED ? "async-wait-ordered" : "async-wait-unordered",
                new OperatorSpec.Async<>(function, timeoutMs, capacity, mode == OutputMode.ORDERED, retryStrategy,
                        in.transformation().outputSerializer()));
    }
}
