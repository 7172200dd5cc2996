package io.sluice.api.functions;

/**
 * A {@link JoinFunction} with {@link #getRuntimeContext()} (Flink's {@code RichJoinFunction}): keyed state and
 * metrics can be reached from any method, not only from {@code open}.
 */
public abstract class RichJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction implements JoinFunction<IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;
}
