package io.sluice.api.functions;

import io.sluice.api.internal.CallContext;

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
