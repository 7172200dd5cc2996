package io.sluice.runtime.operators.broadcast;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedBroadcastProcessFunction;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.runtime.operators.FunctionCall;
import io.sluice.runtime.operators.KeyedFunctionOperator;
import io.sluice.runtime.operators.TwoInputOperator;

import java.util.List;

/**
 * Applies a {@link KeyedBroadcastProcessFunction}: input 1 is the keyed stream, with keyed state
 * and per-key timers; input 2 the broadcast stream, read whole by every subtask, with no key
 * current (its elements may go through every key's state). The broadcast states are operator
 * state, in checkpoints, and each subtask restores a full copy at any parallelism.
 */
public final class KeyedBroadcastProcessOperator<K, I1, I2, O> extends KeyedFunctionOperator<I1, O>
        implements TwoInputOperator<I2> {

    private final KeyedBroadcastProcessFunction<K, I1, I2, O> function;
    private final List<MapStateDescriptor<?, ?>> descriptors;
    private FunctionCall<O> broadcastCall;
    private KeyedBroadcastProcessFunction<K, I1, I2, O>.ReadOnlyContext readOnlyContext;
    private KeyedBroadcastProcessFunction<K, I1, I2, O>.Context broadcastContext;
    private KeyedBroadcastProcessFunction<K, I1, I2, O>.OnTimerContext timerContext;

    public KeyedBroadcastProcessOperator(KeyedBroadcastProcessFunction<K, I1, I2, O> function,
                                         List<MapStateDescriptor<?, ?>> descriptors) {
        super(function);
        this.function = function;
        this.descriptors = descriptors;
    }

    @Override
    public void open() throws Exception {
        openKeyedCall();
        BroadcastStates states = new BroadcastStates(context.describe(), descriptors, functionState());
        broadcastCall = new FunctionCall<>(output, timeOnlyTimerService("has no key current on the broadcast side:"
                + " set timers in processElement or onTimer, where the key of the element or timer is"), null);
        BroadcastCall keyed = new BroadcastCall(call, states, context.describe(), null);
        readOnlyContext = function.new ReadOnlyContext(keyed);
        timerContext = function.new OnTimerContext(keyed);
        broadcastContext = function.new Context(new BroadcastCall(broadcastCall, states, context.describe(), keys));
        super.open();
    }

    @Override
    public void processElement(I1 value, long ts) throws Exception {
        keys.setCurrentKeyOf(value);
        function.processElement(value, readOnlyContext, call.element(ts));
    }

    @Override
    public void processElement2(I2 value, long ts) throws Exception {
        function.processBroadcastElement(value, broadcastContext, broadcastCall.element(ts));
    }

    @Override
    protected void onTimer(long timestamp, Collector<O> out) throws Exception {
        function.onTimer(timestamp, timerContext, out);
    }
}
