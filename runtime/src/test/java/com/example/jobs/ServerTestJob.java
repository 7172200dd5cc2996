package com.example.jobs;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.DiscardSink;
import io.sluice.runtime.testing.PacedSource;

/**
 * An endless job for the runtime server's tests, submitted from a jar: a paced counter (argument:
 * records per second per subtask, default 2000), a map, a keyBy and a keyed map that counts what it
 * doubles in a user counter ("doubled"), dropped at the end. Two chains, so its graph has an edge.
 */
public final class ServerTestJob implements Job {

    /** Doubles, and counts in a user metric. */
    static final class Doubling extends io.sluice.api.functions.RichMapFunction<Long, Long> {
        private transient io.sluice.api.metrics.Counter doubled;

        @Override
        public void open(io.sluice.api.functions.RuntimeContext ctx) {
            doubled = getRuntimeContext().getMetricGroup().counter("doubled");
        }

        @Override
        public Long map(Long n) {
            doubled.inc();
            return n * 2;
        }
    }

    @Override
    public void define(StreamEnvironment env, String[] args) {
        long perSecond = args.length > 0 ? Long.parseLong(args[0]) : 2000;
        env.fromSource(new PacedSource(perSecond), io.sluice.api.time.WatermarkStrategy.noWatermarks(), "counter")
                .map(n -> n + 1).name("plus one")
                .keyBy(n -> n % 16)
                .map(new Doubling()).name("double")
                .sinkTo(new DiscardSink<>());
    }
}
