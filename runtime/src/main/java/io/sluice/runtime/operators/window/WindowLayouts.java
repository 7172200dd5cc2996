package io.sluice.runtime.operators.window;

import io.sluice.api.config.ExecutionOptions;
import io.sluice.state.KeyedStateBackend;

/**
 * The two ways windows keep their state ({@link WindowOperator}'s contents per key and window,
 * {@link SlicingWindowOperator}'s slices and {@link SessionWindowOperator}'s sessions per key) do not
 * read each other's: a restore that brings the other layout's state is refused with what to set,
 * never silently started empty.
 */
final class WindowLayouts {

    private WindowLayouts() {
    }

    /**
     * Fails when {@code backend} restored entries of {@code otherState}, the state of the layout this
     * operator does not use.
     *
     * @param slicingWas the {@code execution.window-slicing} setting the restored state was written with
     */
    static void refuseRestoredLayout(KeyedStateBackend backend, String otherState, String operator, boolean slicingWas) {
        boolean restored;
        try {
            restored = !backend.keys(otherState).isEmpty();
        } catch (IllegalStateException keysUnreadable) { // there are entries, whose key type is not known yet
            restored = true;
        }
        if (restored) {
            throw new IllegalStateException("the window state restored for operator " + operator + " was written with "
                    + ExecutionOptions.WINDOW_SLICING.key() + "=" + slicingWas + " and this job runs with "
                    + !slicingWas + "; restore it with " + ExecutionOptions.WINDOW_SLICING.key() + "=" + slicingWas);
        }
    }
}
