package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.state.KeyedStateStore;
import io.sluice.api.windowing.Window;

import java.util.function.LongSupplier;

/**
 * The context a {@link ProcessWindowFunction} sees during one firing: the window, the operator's
 * time, the window's and the key's state, and side outputs at the window's last timestamp. One per
 * operator, pointed at each window before the function is called.
 */
final class WindowFunctionContext<K, OUT, W extends Window> extends ProcessWindowFunction<Object, OUT, K, W>.Context {

    /** Emits to a side output: the operator's. */
    interface SideOutput {
        <X> void emit(OutputTag<X> tag, X value, long timestamp);
    }

    private final WindowStateStores<W> stateStores;
    private final LongSupplier watermark;
    private final LongSupplier processingTime;
    private final SideOutput sideOutput;
    private W window;

    WindowFunctionContext(ProcessWindowFunction<Object, OUT, K, W> function, WindowStateStores<W> stateStores,
                          LongSupplier watermark, LongSupplier processingTime, SideOutput sideOutput) {
        function.super();
        this.stateStores = stateStores;
        this.watermark = watermark;
        this.processingTime = processingTime;
        this.sideOutput = sideOutput;
    }

    void setWindow(W window) {
        this.window = window;
    }

    @Override
    public W window() {
        return window;
    }

    @Override
    public long currentWatermark() {
        return watermark.getAsLong();
    }

    @Override
    public long currentProcessingTime() {
        return processingTime.getAsLong();
    }

    @Override
    public KeyedStateStore windowState() {
        return stateStores.windowState(window);
    }

    @Override
    public KeyedStateStore globalState() {
        return stateStores.globalState();
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
        sideOutput.emit(tag, value, window.maxTimestamp());
    }
}
