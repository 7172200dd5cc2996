package io.sluice.examples.iot;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/**
 * Per series (device and sensor), keeps a running mean and variance of its readings, weighted
 * towards the recent ones, and alerts on a reading further from the mean than the device's
 * {@link DeviceInfo#sigmaLimit()} standard deviations. An anomalous reading is left out of the
 * statistics, so that one spike does not hide the next. The first
 * {@link TelemetryRules#WARM_UP_READINGS} readings of a series only feed the statistics.
 */
final class AnomalyDetector extends KeyedProcessFunction<String, EnrichedReading, Alert> {

    private static final long serialVersionUID = 1L;

    /** A series' statistics: West's incremental weighted mean and variance. */
    record Stats(long count, double mean, double variance) {
        Stats add(double x) {
            long n = count + 1;
            double weight = Math.max(1.0 / n, TelemetryRules.RECENT_WEIGHT);
            double d = x - mean;
            return new Stats(n, mean + weight * d, (1 - weight) * (variance + weight * d * d));
        }
    }

    private transient ValueState<Stats> stats;

    @Override
    public void open(RuntimeContext context) {
        stats = context.getState(new ValueStateDescriptor<>("series-stats", Stats.class));
    }

    @Override
    public void processElement(EnrichedReading e, Context ctx, Collector<Alert> out) {
        Stats s = stats.value();
        if (s == null) {
            s = new Stats(0, 0, 0);
        }
        double x = e.reading().value();
        if (s.count() >= TelemetryRules.WARM_UP_READINGS) {
            double sd = Math.sqrt(s.variance());
            if (Math.abs(x - s.mean()) > e.info().sigmaLimit() * sd) {
                out.collect(Alert.anomaly(e, s.mean(), sd));
                return;
            }
        }
        stats.update(s.add(x));
    }
}
