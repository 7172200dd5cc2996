package io.sluice.runtime.operators;

import io.sluice.api.functions.ProcessFunction;

/** Applies a non-keyed {@link ProcessFunction}: timestamps, watermark and side outputs, no timers. */
public final class ProcessOperator<I, O> extends UserFunctionOperator<I, O> {

    private final ProcessFunction<I, O> function;
    private FunctionCall<O> call;
    private ProcessFunction<I, O>.Context ctx;

    public ProcessOperator(ProcessFunction<I, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        call = new FunctionCall<>(output, timeOnlyTimerService(
                "is not keyed: timers need keyBy(...) and a KeyedProcessFunction"), null);
        ctx = function.new Context(call);
        super.open();
    }

    @Override
    public void processElement(I value, long timestamp) throws Exception {
        function.processElement(value, ctx, call.element(timestamp));
    }
}
