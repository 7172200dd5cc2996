package io.sluice.api.functions;

import io.sluice.api.internal.CallContext;

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
    public class Context extends ElementContext {

        protected Context() {
        }

        public Context(CallContext call) {
            super(call);
        }

        /** The key of the element (or of the timer) being processed. */
        public K getCurrentKey() {
            return currentKey();
        }
    }

    /** The context of a timer call. */
    public class OnTimerContext extends Context {

        protected OnTimerContext() {
        }

        public OnTimerContext(CallContext call) {
            super(call);
        }

        public TimeDomain timeDomain() {
            return currentTimeDomain();
        }
    }
}
