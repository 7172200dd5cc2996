package io.sluice.api.functions;

/** Combines two values of one type into one; must be associative. */
@FunctionalInterface
public interface ReduceFunction<T> extends Function {
    T reduce(T accumulated, T value) throws Exception;
}
