package io.sluice.examples.fraud;

import io.sluice.api.functions.RichMapFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.connectors.datagen.RateEvent;

import java.util.List;

/**
 * The generator inside the job: row {@code i} of a rate source becomes the {@code i}-th transaction
 * line of the seeded traffic, in arrival order, and the row after the last one the end marker. The
 * traffic is computed once per subtask from its settings, so a restored job writes the same lines.
 */
final class GeneratedLine extends RichMapFunction<RateEvent, String> {

    private static final long serialVersionUID = 1L;

    private final FraudGenerator.Settings settings;
    private transient List<Transaction> traffic;

    GeneratedLine(FraudGenerator.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void open(RuntimeContext ctx) {
        traffic = FraudGenerator.generate(settings).transactions();
    }

    @Override
    public String map(RateEvent row) {
        return row.value() < traffic.size() ? traffic.get((int) row.value()).toLine() : UntilEndMarker.END;
    }
}
