package io.sluice.api.functions;

/**
 * An incremental aggregation with an accumulator: {@code createAccumulator}, {@code add} per
 * element, {@code merge} for merging windows, {@code getResult} when a result is needed.
 */
public interface AggregateFunction<IN, ACC, OUT> extends Function {

    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);

    ACC merge(ACC a, ACC b);
}
