package io.sluice.api.functions;

import io.sluice.api.OutputTag;
import io.sluice.api.state.KeyedStateStore;
import io.sluice.api.windowing.Window;

/**
 * Processes the contents of one window of one key when the window fires: all elements (when used
 * alone, or with an evictor) or the pre-aggregated result (after {@code reduce}/{@code aggregate}).
 */
public abstract class ProcessWindowFunction<IN, OUT, K, W extends Window> extends AbstractRichFunction {

    public abstract void process(K key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /**
     * Called once when a window is cleaned up: when the watermark passes its end plus the allowed
     * lateness (event time), at its end (processing time), or at the end of input. The window's
     * {@link Context#windowState()} can still be read here; the operator clears it right after.
     * Not called for a trigger's {@code PURGE}, which empties the window's contents only.
     */
    public void clear(Context context) throws Exception {
    }

    /** The context of one firing or cleanup. Valid only during that call. */
    public abstract class Context {

        public abstract W window();

        public abstract long currentWatermark();

        public abstract long currentProcessingTime();

        /**
         * State of the current key and window (Flink's per-window state): kept across the firings
         * of the window (early, on time, late) and cleared when the window is cleaned up, after
         * {@link ProcessWindowFunction#clear}. Not available with merging (session) windows.
         */
        public abstract KeyedStateStore windowState();

        /** State of the current key across all its windows (the same as the runtime context's keyed state). */
        public abstract KeyedStateStore globalState();

        public abstract <X> void output(OutputTag<X> tag, X value);
    }
}
