package io.sluice.api.state;

/** Keeps one accumulator per key, folding each added value with an aggregate function. */
public interface AggregatingState<IN, OUT> extends AppendingState<IN, OUT> {
}
