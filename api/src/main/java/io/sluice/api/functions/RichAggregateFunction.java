package io.sluice.api.functions;

/**
 * A {@link AggregateFunction} with {@link #getRuntimeContext()} (Flink's {@code RichAggregateFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichAggregateFunction<IN, ACC, OUT> extends AbstractRichFunction implements AggregateFunction<IN, ACC, OUT> {

    private static final long serialVersionUID = 1L;
}
