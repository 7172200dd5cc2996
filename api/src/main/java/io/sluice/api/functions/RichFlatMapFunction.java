package io.sluice.api.functions;

/**
 * A {@link FlatMapFunction} with {@link #getRuntimeContext()} (Flink's {@code RichFlatMapFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichFlatMapFunction<T, R> extends AbstractRichFunction implements FlatMapFunction<T, R> {

    private static final long serialVersionUID = 1L;
}
