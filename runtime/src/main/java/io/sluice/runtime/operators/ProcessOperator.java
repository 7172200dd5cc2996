package io.sluice.runtime.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.TimerService;

/** Applies a non-keyed {@link ProcessFunction}: timestamps, watermark and side outputs, no timers. */
public final class ProcessOperator<I, O> extends UserFunctionOperator<I, O> {

    private final ProcessFunction<I, O> function;
    private TimestampedCollector<O> collector;
    private ProcessFunction<I, O>.Context ctx;
    private long elementTimestamp;

    public ProcessOperator(ProcessFunction<I, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        TimerService timerService = timeOnlyTimerService("keyBy(...) and a KeyedProcessFunction");
        ctx = function.new Context() {
            @Override
            public Long timestamp() {
                return elementTimestamp == Long.MIN_VALUE ? null : elementTimestamp;
            }

            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                emitToSideOutput(tag, value, elementTimestamp);
            }
        };
        super.open();
    }


    @Override
    public void processElement(I value, long timestamp) throws Exception {
        elementTimestamp = timestamp;
        collector.setTimestamp(timestamp);
        function.processElement(value, ctx, collector);
    }
}
