package io.sluice.api.functions;

import io.sluice.api.OutputTag;
import io.sluice.api.windowing.Window;

/**
 * Processes the contents of one window of one key when the window fires: all elements (when used
 * alone) or the pre-aggregated result (after {@code reduce}/{@code aggregate}).
 */
public abstract class ProcessWindowFunction<IN, OUT, K, W extends Window> implements Function {

    public abstract void process(K key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** The context of one firing. Valid only during that call. */
    public abstract class Context {

        public abstract W window();

        public abstract long currentWatermark();

        public abstract long currentProcessingTime();

        public abstract <X> void output(OutputTag<X> tag, X value);
    }
}
