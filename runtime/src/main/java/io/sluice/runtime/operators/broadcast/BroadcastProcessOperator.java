package io.sluice.runtime.operators.broadcast;

import io.sluice.api.functions.BroadcastProcessFunction;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.runtime.operators.FunctionCall;
import io.sluice.runtime.operators.TwoInputOperator;
import io.sluice.runtime.operators.UserFunctionOperator;

import java.util.List;

/**
 * Applies a {@link BroadcastProcessFunction}: input 1 is the non-keyed stream, input 2 the
 * broadcast stream, which every subtask reads whole. The broadcast states are operator state, in
 * checkpoints, and each subtask restores a full copy at any parallelism.
 */
public final class BroadcastProcessOperator<I1, I2, O> extends UserFunctionOperator<I1, O>
        implements TwoInputOperator<I2> {

    private final BroadcastProcessFunction<I1, I2, O> function;
    private final List<MapStateDescriptor<?, ?>> descriptors;
    private FunctionCall<O> call;
    private BroadcastProcessFunction<I1, I2, O>.ReadOnlyContext readOnlyContext;
    private BroadcastProcessFunction<I1, I2, O>.Context broadcastContext;

    public BroadcastProcessOperator(BroadcastProcessFunction<I1, I2, O> function,
                                    List<MapStateDescriptor<?, ?>> descriptors) {
        super(function);
        this.function = function;
        this.descriptors = descriptors;
    }

    @Override
    public void open() throws Exception {
        call = new FunctionCall<>(output, timeOnlyTimerService("is not keyed: timers need keyBy(...) before connect"
                + " and a KeyedBroadcastProcessFunction"), null);
        BroadcastCall broadcastCall = new BroadcastCall(call,
                new BroadcastStates(context.describe(), descriptors, functionState()), context.describe(), null);
        readOnlyContext = function.new ReadOnlyContext(broadcastCall);
        broadcastContext = function.new Context(broadcastCall);
        super.open();
    }

    @Override
    public void processElement(I1 value, long timestamp) throws Exception {
        function.processElement(value, readOnlyContext, call.element(timestamp));
    }

    @Override
    public void processElement2(I2 value, long timestamp) throws Exception {
        function.processBroadcastElement(value, broadcastContext, call.element(timestamp));
    }
}
