package io.sluice.runtime.operators;

import io.sluice.api.functions.Function;
import io.sluice.api.internal.FunctionLifecycle;

/** An operator around user functions: opens them with a runtime context (set on rich ones first) and closes them. */
public abstract class UserFunctionOperator<I, O> extends StreamOperator<I, O> {

    private final Function[] functions;

    protected UserFunctionOperator(Function... functions) {
        this.functions = functions;
    }

    @Override
    public void open() throws Exception {
        TaskRuntimeContext runtimeContext = new TaskRuntimeContext(context);
        for (Function f : functions) {
            FunctionLifecycle.open(f, runtimeContext); // a rich function gets its context first
        }
    }

    /**
     * Emits to a side output from inside a user function's context, whose {@code output} method
     * cannot throw checked exceptions: a downstream failure travels as an unchecked wrapper.
     */
    protected final <X> void emitToSideOutput(io.sluice.api.OutputTag<X> tag, X value, long timestamp) {
        try {
            output.collect(tag, value, timestamp);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TimestampedCollector.DownstreamException(e);
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Function f : functions) {
            try {
                f.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The timer service of a function on a non-keyed stream: it reads time, but timers need a key,
     * so setting or deleting one is refused with {@code howToGetTimers} as the fix.
     */
    protected final io.sluice.api.functions.TimerService timeOnlyTimerService(String howToGetTimers) {
        return new io.sluice.api.functions.TimerService() {
            @Override
            public long currentProcessingTime() {
                return context.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return currentWatermark;
            }

            @Override
            public void registerEventTimeTimer(long time) {
                throw noTimers();
            }

            @Override
            public void registerProcessingTimeTimer(long time) {
                throw noTimers();
            }

            @Override
            public void deleteEventTimeTimer(long time) {
                throw noTimers();
            }

            @Override
            public void deleteProcessingTimeTimer(long time) {
                throw noTimers();
            }

            private UnsupportedOperationException noTimers() {
                return new UnsupportedOperationException("operator " + context.describe() + " is not keyed: timers"
                        + " need " + howToGetTimers);
            }
        };
    }
}
