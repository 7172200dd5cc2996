package io.sluice.api.functions;

/**
 * A {@link CoMapFunction} with {@link #getRuntimeContext()} (Flink's {@code RichCoMapFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichCoMapFunction<I1, I2, O> extends AbstractRichFunction implements CoMapFunction<I1, I2, O> {

    private static final long serialVersionUID = 1L;
}
