package io.sluice.api.functions;

import java.util.Collection;

/**
 * Where an {@link AsyncFunction} puts the answer for one input (Flink's {@code ResultFuture}). May be
 * called from any thread; only the first call counts, later ones are ignored. The operator emits the
 * results on the subtask's own thread, with the input's timestamp.
 */
public interface ResultFuture<OUT> {

    /** The results for the input: none, one or several. The collection belongs to the operator afterwards. */
    void complete(Collection<OUT> result);

    /**
     * The request failed: retried if the operator has a retry strategy that allows it, else the job
     * fails (and restarts under its restart strategy).
     */
    void completeExceptionally(Throwable error);
}
