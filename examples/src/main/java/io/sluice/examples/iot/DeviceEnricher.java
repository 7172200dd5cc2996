package io.sluice.examples.iot;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/**
 * Joins readings (input 1) with their device's registry record (input 2), both keyed by device.
 * Readings that come before their device's record wait in keyed state and go out, in their order,
 * when it comes; a new record of a device replaces the old one for the readings after it.
 */
final class DeviceEnricher extends KeyedCoProcessFunction<String, Reading, DeviceInfo, EnrichedReading> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<DeviceInfo> info;
    private transient ListState<Reading> waiting;

    @Override
    public void open(RuntimeContext context) {
        info = context.getState(new ValueStateDescriptor<>("device-info", DeviceInfo.class));
        waiting = context.getListState(new ListStateDescriptor<>("waiting-readings", Reading.class));
    }

    @Override
    public void processElement1(Reading r, Context ctx, Collector<EnrichedReading> out) {
        DeviceInfo known = info.value();
        if (known == null) {
            waiting.add(r);
        } else {
            out.collect(new EnrichedReading(r, known));
        }
    }

    @Override
    public void processElement2(DeviceInfo d, Context ctx, Collector<EnrichedReading> out) {
        info.update(d);
        for (Reading r : waiting.get()) {
            out.collect(new EnrichedReading(r, d));
        }
        waiting.clear();
    }
}
