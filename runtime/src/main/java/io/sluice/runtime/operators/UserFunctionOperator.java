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
