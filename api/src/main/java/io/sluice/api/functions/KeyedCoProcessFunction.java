package io.sluice.api.functions;

import io.sluice.api.OutputTag;

/**
 * Processes two streams keyed by keys of one type (Flink's {@code KeyedCoProcessFunction}): an
 * element of either input with key {@code k} sees the same keyed state (through
 * {@link #getRuntimeContext()}) and the same timers, those of {@code k}. The watermark is the
 * minimum of both inputs'.
 */
public abstract class KeyedCoProcessFunction<K, I1, I2, O> extends AbstractRichFunction {

    /** An element of the first input, with its key current. */
    public abstract void processElement1(I1 value, Context ctx, Collector<O> out) throws Exception;

    /** An element of the second input, with its key current. */
    public abstract void processElement2(I2 value, Context ctx, Collector<O> out) throws Exception;

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
