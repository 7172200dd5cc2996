package io.sluice.runtime.operators;

import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.time.TimerEntry;
import io.sluice.state.VoidNamespace;

/** Applies a {@link KeyedProcessFunction} with keyed state and per-key timers. */
public final class KeyedProcessOperator<K, I, O> extends KeyedTimerOperator<VoidNamespace, I, O> {

    private final KeyedProcessFunction<K, I, O> function;
    private FunctionCall<O> call;
    private KeyedProcessFunction<K, I, O>.Context elementContext;
    private KeyedProcessFunction<K, I, O>.OnTimerContext timerContext;

    public KeyedProcessOperator(KeyedProcessFunction<K, I, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    protected TypeSerializer<VoidNamespace> timerNamespaceSerializer() {
        return null; // timers of a key, not of a window
    }

    @Override
    public void open() throws Exception {
        openKeysAndTimers();
        call = new FunctionCall<>(output, timerService(VoidNamespace.INSTANCE), keys);
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
    public void onEventTime(TimerEntry<VoidNamespace> timer) throws Exception {
        function.onTimer(timer.timestamp(), timerContext, call.timer(TimeDomain.EVENT_TIME, timer.timestamp()));
    }

    @Override
    public void onProcessingTime(TimerEntry<VoidNamespace> timer) throws Exception {
        function.onTimer(timer.timestamp(), timerContext, call.timer(TimeDomain.PROCESSING_TIME, Long.MIN_VALUE));
    }
}
