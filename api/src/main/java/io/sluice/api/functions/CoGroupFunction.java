package io.sluice.api.functions;

/**
 * Processes the elements of both inputs of one key in one window together (Flink's
 * {@code CoGroupFunction}): called once per key and window firing, with either side possibly empty
 * (a key present on one input only).
 */
@FunctionalInterface
public interface CoGroupFunction<IN1, IN2, OUT> extends Function {
    void coGroup(Iterable<IN1> first, Iterable<IN2> second, Collector<OUT> out) throws Exception;
}
