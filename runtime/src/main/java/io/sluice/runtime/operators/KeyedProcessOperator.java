package io.sluice.runtime.operators;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;

/** Applies a {@link KeyedProcessFunction} with keyed state and per-key timers. */
public final class KeyedProcessOperator<K, I, O> extends KeyedFunctionOperator<I, O> {

    private final KeyedProcessFunction<K, I, O> function;
    private KeyedProcessFunction<K, I, O>.Context elementContext;
    private KeyedProcessFunction<K, I, O>.OnTimerContext timerContext;

    public KeyedProcessOperator(KeyedProcessFunction<K, I, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        openKeyedCall();
        elementContext = function.new Context(call);
        timerContext = function.new OnTimerContext(call);
        super.open();
    }

    @Override
    public void processElement(I value, long ts) throws Exception {
        keys.setCurrentKeyOf(value);
        function.processElement(value, elementContext, call.element(ts));
    }

    @Override
    protected void onTimer(long timestamp, Collector<O> out) throws Exception {
        function.onTimer(timestamp, timerContext, out);
    }
}
