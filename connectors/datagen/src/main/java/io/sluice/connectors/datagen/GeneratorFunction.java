package io.sluice.connectors.datagen;

import java.io.Serializable;

/**
 * Makes the element at one index of a {@link DataGenSource}. Called on the reader's worker thread,
 * once per index, in increasing index order within a split.
 *
 * <p>It must be a pure function of the index, so that a reader restored from a snapshot regenerates
 * exactly the elements that were not yet emitted. It is copied into every subtask, hence
 * {@link Serializable}: lambdas and method references qualify.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface GeneratorFunction<T> extends Serializable {

    T generate(long index) throws Exception;
}
