package io.sluice.api.functions;

/**
 * A {@link FlatJoinFunction} with {@link #getRuntimeContext()} (Flink's {@code RichFlatJoinFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichFlatJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction implements FlatJoinFunction<IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;
}
