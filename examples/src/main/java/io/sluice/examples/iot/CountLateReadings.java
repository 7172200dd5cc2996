package io.sluice.examples.iot;

import io.sluice.api.functions.RichMapFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.metrics.Counter;

/** Counts the readings that came too late for their window (the user counter {@value #COUNTER}). */
final class CountLateReadings extends RichMapFunction<Reading, Reading> {

    private static final long serialVersionUID = 1L;

    static final String COUNTER = "late-readings";

    private transient Counter late;

    @Override
    public void open(RuntimeContext context) {
        late = getRuntimeContext().getMetricGroup().counter(COUNTER);
    }

    @Override
    public Reading map(Reading r) {
        late.inc();
        return r;
    }
}
