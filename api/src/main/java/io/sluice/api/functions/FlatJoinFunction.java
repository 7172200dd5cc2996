package io.sluice.api.functions;

/**
 * Combines a pair of a window join into any number of results (Flink's {@code FlatJoinFunction}):
 * called once for every pair of a first-input and a second-input element of one key in one window.
 */
@FunctionalInterface
public interface FlatJoinFunction<IN1, IN2, OUT> extends Function {
    void join(IN1 first, IN2 second, Collector<OUT> out) throws Exception;
}
