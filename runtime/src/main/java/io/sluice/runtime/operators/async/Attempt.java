package io.sluice.runtime.operators.async;

import io.sluice.api.functions.ResultFuture;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The {@link ResultFuture} of one attempt of one request, called by any thread (the service's
 * callbacks, the function's timeout on the task thread). The first call wins; it hands the attempt
 * to the task thread through the operator's completion queue, and the task thread reads the
 * outcome after polling it. One object per attempt, so a late answer to an attempt that was given
 * up on can never be taken for the answer to the slot's next request.
 */
final class Attempt<OUT> implements ResultFuture<OUT> {

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Attempt> COMPLETED =
            AtomicIntegerFieldUpdater.newUpdater(Attempt.class, "completed");

    final AsyncRequest<?, OUT> request;
    private final ManyToOneConcurrentArrayQueue<Attempt<?>> completions;
    /** 0 until a completing call wins the CAS: exactly one caller writes the outcome and offers it. */
    private volatile int completed;
    /**
     * Plain: written by the winning caller before its offer, read by the task thread after its poll;
     * the queue's ordered write and volatile read publish them.
     */
    Collection<OUT> result;
    Throwable error;

    Attempt(AsyncRequest<?, OUT> request, ManyToOneConcurrentArrayQueue<Attempt<?>> completions) {
        this.request = request;
        this.completions = completions;
    }

    @Override
    public void complete(Collection<OUT> result) {
        if (COMPLETED.compareAndSet(this, 0, 1)) {
            this.result = result == null ? List.of() : result;
            publish();
        }
    }

    @Override
    public void completeExceptionally(Throwable error) {
        if (COMPLETED.compareAndSet(this, 0, 1)) {
            this.error = error != null ? error
                    : new NullPointerException("ResultFuture.completeExceptionally was called with null");
            publish();
        }
    }

    private void publish() {
        // at most one undrained attempt per slot, and the queue holds at least capacity: never full
        if (!completions.offer(this)) {
            throw new IllegalStateException("async completion queue full: more completions than requests in flight");
        }
    }
}
