package io.sluice.api.functions;

import io.sluice.api.OutputTag;
import io.sluice.api.state.KeyedStateStore;
import io.sluice.api.windowing.Window;

/**
 * Processes the contents of one window of a non-keyed stream ({@code windowAll}) when it fires:
 * all elements (when used alone, or with an evictor) or the pre-aggregated result (after
 * {@code reduce}/{@code aggregate}). Flink's {@code ProcessAllWindowFunction}.
 */
public abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> extends AbstractRichFunction {

    public abstract void process(Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** Called once when a window is cleaned up; see {@link ProcessWindowFunction#clear}. */
    public void clear(Context context) throws Exception {
    }

    /** The context of one firing or cleanup. Valid only during that call. */
    public abstract class Context {

        public abstract W window();

        public abstract long currentWatermark();

        public abstract long currentProcessingTime();

        /** State of the current window, kept across its firings and cleared when it is cleaned up. */
        public abstract KeyedStateStore windowState();

        /** State across all windows. */
        public abstract KeyedStateStore globalState();

        public abstract <X> void output(OutputTag<X> tag, X value);
    }
}
