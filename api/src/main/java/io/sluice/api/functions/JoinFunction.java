package io.sluice.api.functions;

/**
 * Combines a pair of a window join (Flink's {@code JoinFunction}): called once for every pair of a
 * first-input and a second-input element of one key in one window.
 */
@FunctionalInterface
public interface JoinFunction<IN1, IN2, OUT> extends Function {
    OUT join(IN1 first, IN2 second) throws Exception;
}
