package io.sluice.api.functions;

import io.sluice.api.internal.CallContext;

/**
 * The most general function on a non-keyed stream: sees each element with its timestamp and the
 * current watermark, and may emit to side outputs. Timers and keyed state need a keyed stream
 * ({@link KeyedProcessFunction}); a non-keyed {@code ProcessFunction} that overrides
 * {@code onTimer} is refused when the job is built.
 */
public abstract class ProcessFunction<I, O> extends AbstractRichFunction {

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Only meaningful on keyed streams; see {@link KeyedProcessFunction}. */
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
