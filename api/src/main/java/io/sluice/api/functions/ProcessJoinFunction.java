package io.sluice.api.functions;

import io.sluice.api.OutputTag;

/**
 * Processes each pair an interval join matches (Flink's {@code ProcessJoinFunction}): a left element
 * and a right element of one key whose timestamps lie within the join's bounds. What it collects
 * carries the larger of the two timestamps. A rich function: {@link #getRuntimeContext()} works
 * from any method.
 */
public abstract class ProcessJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {

    private static final long serialVersionUID = 1L;

    /** One matched pair; called once per pair, when the later of the two arrives. */
    public abstract void processElement(IN1 left, IN2 right, Context ctx, Collector<OUT> out) throws Exception;

    /** The context of one call. Valid only during that call. */
    public abstract class Context {

        /** The left element's timestamp. */
        public abstract long getLeftTimestamp();

        /** The right element's timestamp. */
        public abstract long getRightTimestamp();

        /** The result's timestamp: the larger of the two. */
        public abstract long getTimestamp();

        /** Emits to the side output named by {@code tag}, with the result's timestamp. */
        public abstract <X> void output(OutputTag<X> tag, X value);
    }
}
