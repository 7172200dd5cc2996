package io.sluice.api.functions;

/**
 * A {@link FilterFunction} with {@link #getRuntimeContext()} (Flink's {@code RichFilterFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichFilterFunction<T> extends AbstractRichFunction implements FilterFunction<T> {

    private static final long serialVersionUID = 1L;
}
