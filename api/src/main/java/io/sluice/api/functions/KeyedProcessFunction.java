package io.sluice.api.functions;

import io.sluice.api.OutputTag;

/**
 * Processes a keyed stream one element at a time with keyed state (through
 * {@link #getRuntimeContext()} or the context given to {@code open}) and per-key timers.
 */
public abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Called when a timer registered through {@link Context#timerService()} fires. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /** The context of one call. Valid only during that call. */
    public abstract class Context {

        /** The element's timestamp, or {@code null} when it has none. */
        public abstract Long timestamp();

        public abstract TimerService timerService();

        /** The key of the element (or of the timer) being processed. */
        public abstract K getCurrentKey();

        /** Emits to the side output named by {@code tag}. */
        public abstract <X> void output(OutputTag<X> tag, X value);
    }

    /** The context of a timer call. */
    public abstract class OnTimerContext extends Context {
        public abstract TimeDomain timeDomain();
    }
}
