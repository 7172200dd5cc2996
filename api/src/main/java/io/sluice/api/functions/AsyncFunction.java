package io.sluice.api.functions;

import java.util.concurrent.TimeoutException;

/**
 * A function that asks an external service for each input without waiting for the answer (Flink's
 * {@code AsyncFunction}); applied with {@link io.sluice.api.AsyncDataStream}.
 *
 * <p>{@link #asyncInvoke} is called on the subtask's worker thread and must not block: it starts the
 * request (an asynchronous client, or a thread pool of the function's own) and returns. The answer
 * is handed to the {@link ResultFuture}, from any thread, once. Many requests of one subtask are in
 * flight at once, up to the operator's capacity.
 */
@FunctionalInterface
public interface AsyncFunction<IN, OUT> extends Function {

    /** Starts the request for {@code input}; completes {@code resultFuture} when the answer comes. */
    void asyncInvoke(IN input, ResultFuture<OUT> resultFuture) throws Exception;

    /**
     * Called on the worker thread when the request for {@code input} (all its retries included) has
     * taken longer than the operator's timeout. The default fails the job with a
     * {@link TimeoutException}; override it to complete {@code resultFuture} with a fallback (or with
     * no result, to drop the input). An answer the service gives after this is ignored.
     */
    default void timeout(IN input, ResultFuture<OUT> resultFuture) throws Exception {
        resultFuture.completeExceptionally(new TimeoutException("async function call has timed out"));
    }
}
