package io.sluice.api.functions;

import io.sluice.api.internal.CallContext;

/**
 * The most general function on two connected, non-keyed streams (Flink's
 * {@code CoProcessFunction}): sees each element with its timestamp and the current watermark (the
 * minimum of both inputs'), and may emit to side outputs. Timers and keyed state need keyed inputs
 * ({@link KeyedCoProcessFunction}); a {@code CoProcessFunction} that overrides {@code onTimer} is
 * refused when the job is built.
 */
public abstract class CoProcessFunction<I1, I2, O> extends AbstractRichFunction {

    /** An element of the first input. */
    public abstract void processElement1(I1 value, Context ctx, Collector<O> out) throws Exception;

    /** An element of the second input. */
    public abstract void processElement2(I2 value, Context ctx, Collector<O> out) throws Exception;

    /** Only meaningful on keyed inputs; see {@link KeyedCoProcessFunction}. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /** The context of one call. Valid only during that call. */
    public class Context extends ElementContext {

        protected Context() {
        }

        public Context(CallContext call) {
            super(call);
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
