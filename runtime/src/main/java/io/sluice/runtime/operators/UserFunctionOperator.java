package io.sluice.runtime.operators;

import io.sluice.api.functions.Function;

/** An operator around user functions: opens them with a runtime context and closes them. */
public abstract class UserFunctionOperator<I, O> extends StreamOperator<I, O> {

    private final Function[] functions;

    protected UserFunctionOperator(Function... functions) {
        this.functions = functions;
    }

    @Override
    public void open() throws Exception {
        TaskRuntimeContext runtimeContext = new TaskRuntimeContext(context);
        for (Function f : functions) {
            f.open(runtimeContext);
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
}
