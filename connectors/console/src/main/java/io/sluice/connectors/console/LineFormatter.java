package io.sluice.connectors.console;

import java.io.Serializable;

/**
 * Turns an element into the text of its line (without the line break) for the {@link ConsoleSink}.
 * Called on the sink's worker thread. Copied into every subtask, hence {@link Serializable}:
 * lambdas and method references qualify.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface LineFormatter<T> extends Serializable {

    String format(T element) throws Exception;
}
