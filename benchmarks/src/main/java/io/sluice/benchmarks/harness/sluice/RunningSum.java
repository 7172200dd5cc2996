package io.sluice.benchmarks.harness.sluice;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.benchmarks.harness.BenchEvent;

/** W3/W4: a running sum of values per key in {@code ValueState<Long>}, emitted with every event. */
final class RunningSum extends KeyedProcessFunction<Long, BenchEvent, BenchEvent> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> sum;

    @Override
    public void open(RuntimeContext context) {
        sum = context.getState(new ValueStateDescriptor<>("sum", Long.class));
    }

    @Override
    public void processElement(BenchEvent e, Context ctx, Collector<BenchEvent> out) throws Exception {
        Long current = sum.value();
        long next = (current == null ? 0 : current) + e.value;
        sum.update(next);
        e.value = next;
        out.collect(e);
    }
}
