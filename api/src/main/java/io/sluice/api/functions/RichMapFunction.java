package io.sluice.api.functions;

/**
 * A {@link MapFunction} with {@link #getRuntimeContext()} (Flink's {@code RichMapFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichMapFunction<T, R> extends AbstractRichFunction implements MapFunction<T, R> {

    private static final long serialVersionUID = 1L;
}
