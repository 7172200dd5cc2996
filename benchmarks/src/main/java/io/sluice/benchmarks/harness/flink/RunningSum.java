package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.BenchEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** W3/W4: a running sum of values per key in {@code ValueState<Long>}, emitted with every event. */
final class RunningSum extends KeyedProcessFunction<Long, BenchEvent, BenchEvent> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> sum;

    @Override
    public void open(OpenContext openContext) {
        sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.LONG));
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
