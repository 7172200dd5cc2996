package io.sluice.runtime.operators;

import io.sluice.api.functions.CoProcessFunction;

/** Applies a non-keyed {@link CoProcessFunction}: timestamps, watermark and side outputs, no timers. */
public final class CoProcessOperator<I1, I2, O> extends UserFunctionOperator<I1, O>
        implements TwoInputOperator<I2> {

    private final CoProcessFunction<I1, I2, O> function;
    private FunctionCall<O> call;
    private CoProcessFunction<I1, I2, O>.Context ctx;

    public CoProcessOperator(CoProcessFunction<I1, I2, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        call = new FunctionCall<>(output, timeOnlyTimerService(
                "is not keyed: timers need keyBy(keySelector1, keySelector2) on the connected streams and a"
                + " KeyedCoProcessFunction"), null);
        ctx = function.new Context(call);
        super.open();
    }

    @Override
    public void processElement(I1 value, long timestamp) throws Exception {
        function.processElement1(value, ctx, call.element(timestamp));
    }

    @Override
    public void processElement2(I2 value, long timestamp) throws Exception {
        function.processElement2(value, ctx, call.element(timestamp));
    }
}
