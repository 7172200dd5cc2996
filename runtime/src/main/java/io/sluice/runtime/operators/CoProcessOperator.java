package io.sluice.runtime.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.CoProcessFunction;
import io.sluice.api.functions.TimerService;

/** Applies a non-keyed {@link CoProcessFunction}: timestamps, watermark and side outputs, no timers. */
public final class CoProcessOperator<I1, I2, O> extends UserFunctionOperator<I1, O>
        implements TwoInputOperator<I2> {

    private final CoProcessFunction<I1, I2, O> function;
    private TimestampedCollector<O> collector;
    private CoProcessFunction<I1, I2, O>.Context ctx;
    private long elementTimestamp;

    public CoProcessOperator(CoProcessFunction<I1, I2, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        TimerService timerService = timeOnlyTimerService("keyBy(keySelector1, keySelector2) on the connected streams and a KeyedCoProcessFunction");
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
    public void processElement(I1 value, long timestamp) throws Exception {
        elementTimestamp = timestamp;
        collector.setTimestamp(timestamp);
        function.processElement1(value, ctx, collector);
    }

    @Override
    public void processElement2(I2 value, long timestamp) throws Exception {
        elementTimestamp = timestamp;
        collector.setTimestamp(timestamp);
        function.processElement2(value, ctx, collector);
    }
}
