package io.sluice.api.functions;

import java.util.Collection;

/** Ready-made retry predicates (Flink's {@code RetryPredicates}). */
public final class RetryPredicates {

    private RetryPredicates() {
    }

    /** Tries again when the result is empty (or null). */
    @SuppressWarnings("rawtypes")
    public static final AsyncRetryStrategies.Condition<Collection> EMPTY_RESULT_PREDICATE =
            result -> result == null || result.isEmpty();

    /** Tries again on every error. */
    public static final AsyncRetryStrategies.Condition<Throwable> HAS_EXCEPTION_PREDICATE = error -> true;
}
