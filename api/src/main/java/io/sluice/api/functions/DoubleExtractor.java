package io.sluice.api.functions;

/** Reads a number from an element, e.g. {@code Reading::value}; serializable like every function. */
@FunctionalInterface
public interface DoubleExtractor<T> extends Function {
    double extract(T value) throws Exception;
}
