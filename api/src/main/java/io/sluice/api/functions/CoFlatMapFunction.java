package io.sluice.api.functions;

/**
 * Turns each element of two connected streams into zero, one or more elements: {@code flatMap1}
 * for the first input, {@code flatMap2} for the second (Flink's {@code CoFlatMapFunction}).
 */
public interface CoFlatMapFunction<I1, I2, O> extends Function {

    void flatMap1(I1 value, Collector<O> out) throws Exception;

    void flatMap2(I2 value, Collector<O> out) throws Exception;
}
