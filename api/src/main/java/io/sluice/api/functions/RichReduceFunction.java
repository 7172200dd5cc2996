package io.sluice.api.functions;

/**
 * A {@link ReduceFunction} with {@link #getRuntimeContext()} (Flink's {@code RichReduceFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichReduceFunction<T> extends AbstractRichFunction implements ReduceFunction<T> {

    private static final long serialVersionUID = 1L;
}
