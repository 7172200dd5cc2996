package io.sluice.api.functions;

/** Turns each element into exactly one element. */
@FunctionalInterface
public interface MapFunction<T, R> extends Function {
    R map(T value) throws Exception;
}
