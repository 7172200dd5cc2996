package io.sluice.api.functions;

import java.io.Serializable;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/** Which outcomes of an async request are tried again (Flink's {@code AsyncRetryPredicate}). */
public interface AsyncRetryPredicate<OUT> extends Serializable {

    /** A result that matches is not emitted but tried again; empty: every result is final. */
    default Optional<Predicate<Collection<OUT>>> resultPredicate() {
        return Optional.empty();
    }

    /** An error that matches is tried again; empty: every error is final. */
    default Optional<Predicate<Throwable>> exceptionPredicate() {
        return Optional.empty();
    }
}
