package io.sluice.connectors.files;

import java.io.Serializable;

/**
 * Turns an element into the text of its line, without the line break, for the
 * {@link TwoPhaseCommitFileSink}. Called on the sink's worker thread. Copied into every subtask,
 * hence {@link Serializable}: lambdas and method references qualify.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface LineEncoder<T> extends Serializable {

    /** The line for {@code element}: not null, and without {@code '\n'} or {@code '\r'}. */
    String encode(T element) throws Exception;
}
