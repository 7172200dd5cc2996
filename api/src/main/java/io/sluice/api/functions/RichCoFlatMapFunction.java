package io.sluice.api.functions;

/**
 * A {@link CoFlatMapFunction} with {@link #getRuntimeContext()} (Flink's {@code RichCoFlatMapFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichCoFlatMapFunction<I1, I2, O> extends AbstractRichFunction implements CoFlatMapFunction<I1, I2, O> {

    private static final long serialVersionUID = 1L;
}
