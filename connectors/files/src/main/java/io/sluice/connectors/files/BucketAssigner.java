package io.sluice.connectors.files;

import java.io.Serializable;

/**
 * Chooses the bucket of an element for a {@link TwoPhaseCommitFileSink}: a directory under the
 * sink's, as a relative path ({@code "2024-03-01"}, {@code "country=de/day=2024-03-01"}). Called
 * on the sink's worker thread for every element; copied into every subtask, hence
 * {@link Serializable}: lambdas and method references qualify.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface BucketAssigner<T> extends Serializable {

    /** The bucket: names separated by '/', none empty, "..", or starting with '.' or '_'. */
    String bucketOf(T element) throws Exception;
}
