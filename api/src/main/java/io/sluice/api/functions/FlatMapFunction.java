package io.sluice.api.functions;

/** Turns each element into zero, one or more elements. */
@FunctionalInterface
public interface FlatMapFunction<T, R> extends Function {
    void flatMap(T value, Collector<R> out) throws Exception;
}
