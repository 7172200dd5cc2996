package io.sluice.api.functions;

/**
 * Turns each element of two connected streams into exactly one element: {@code map1} for the first
 * input, {@code map2} for the second (Flink's {@code CoMapFunction}). The two methods are never
 * called at the same time: a subtask runs them on one thread, in the order elements arrive.
 */
public interface CoMapFunction<I1, I2, O> extends Function {

    O map1(I1 value) throws Exception;

    O map2(I2 value) throws Exception;
}
