package io.sluice.api.internal;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessAllWindowFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.KeyedStateStore;
import io.sluice.api.windowing.Window;

/**
 * Runs a {@link ProcessAllWindowFunction} as the window function of the single key that
 * {@code windowAll} puts every element under. Internal.
 */
public final class ProcessAllWindowAdapter<IN, OUT, W extends Window> extends ProcessWindowFunction<IN, OUT, Byte, W> {

    private static final long serialVersionUID = 1L;

    private final ProcessAllWindowFunction<IN, OUT, W> function;
    /** Presents the keyed context of the current call; made on first use in each copy of the function. */
    private transient AllContext allContext;

    public ProcessAllWindowAdapter(ProcessAllWindowFunction<IN, OUT, W> function) {
        this.function = function;
    }

    public ProcessAllWindowFunction<IN, OUT, W> function() {
        return function;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        FunctionLifecycle.open(function, context);
    }

    @Override
    public void close() throws Exception {
        function.close();
    }

    @Override
    public void process(Byte key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception {
        function.process(wrap(context), elements, out);
    }

    @Override
    public void clear(Context context) throws Exception {
        function.clear(wrap(context));
    }

    private AllContext wrap(Context context) {
        if (allContext == null) {
            allContext = new AllContext();
        }
        allContext.keyed = context;
        return allContext;
    }

    private final class AllContext extends ProcessAllWindowFunction<IN, OUT, W>.Context {
        ProcessWindowFunction<IN, OUT, Byte, W>.Context keyed;

        AllContext() {
            function.super();
        }

        @Override
        public W window() {
            return keyed.window();
        }

        @Override
        public long currentWatermark() {
            return keyed.currentWatermark();
        }

        @Override
        public long currentProcessingTime() {
            return keyed.currentProcessingTime();
        }

        @Override
        public KeyedStateStore windowState() {
            return keyed.windowState();
        }

        @Override
        public KeyedStateStore globalState() {
            return keyed.globalState();
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            keyed.output(tag, value);
        }
    }

    @Override
    public String toString() {
        return function.toString();
    }
}
