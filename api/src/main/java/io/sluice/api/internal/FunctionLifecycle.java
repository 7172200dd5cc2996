package io.sluice.api.internal;

import io.sluice.api.functions.AbstractRichFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.RuntimeContext;

/**
 * Opens a user function the way the runtime does (Flink's {@code FunctionUtils.openFunction}):
 * a rich function gets its runtime context first, so that {@code getRuntimeContext()} works even
 * when its {@code open} does not call {@code super.open}. Functions that wrap a user's function
 * open it through here too. Internal.
 */
public final class FunctionLifecycle {

    private FunctionLifecycle() {
    }

    public static void open(Function function, RuntimeContext context) throws Exception {
        if (function instanceof AbstractRichFunction rich) {
            rich.setRuntimeContext(context);
        }
        function.open(context);
    }
}
