package com.example.jobs;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.RichMapFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.metrics.Counter;
import io.sluice.api.metrics.Histogram;
import io.sluice.api.metrics.Meter;
import io.sluice.runtime.testing.DiscardSink;

/**
 * A bounded job for the runtime server's tests, submitted from a jar: the numbers 1..n (argument,
 * default 10000) through a rich map function "measure" that counts them, records them in a
 * histogram, marks them on a meter and shows how many it saw in a gauge.
 */
public final class UserMetricsJob implements Job {

    /** Measures every number it passes on. */
    static final class Measure extends RichMapFunction<Long, Long> {
        private transient Counter records;
        private transient Histogram values;
        private transient Meter events;
        private transient volatile long seen;

        @Override
        public void open(RuntimeContext ctx) {
            records = getRuntimeContext().getMetricGroup().counter("records");
            values = getRuntimeContext().getMetricGroup().addGroup("numbers").histogram("values");
            events = getRuntimeContext().getMetricGroup().meter("events");
            getRuntimeContext().getMetricGroup().gauge("seen", () -> seen);
        }

        @Override
        public Long map(Long value) {
            records.inc();
            values.update(value);
            events.markEvent();
            seen = seen + 1;
            return value;
        }
    }

    @Override
    public void define(StreamEnvironment env, String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000;
        env.fromSequence(1, n)
                .map(new Measure()).name("measure")
                .sinkTo(new DiscardSink<>());
    }
}
