package io.sluice.api.functions;

/**
 * A {@link CoGroupFunction} with {@link #getRuntimeContext()} (Flink's {@code RichCoGroupFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichCoGroupFunction<IN1, IN2, OUT> extends AbstractRichFunction implements CoGroupFunction<IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;
}
