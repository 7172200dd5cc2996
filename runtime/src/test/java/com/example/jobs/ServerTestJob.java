package com.example.jobs;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.DiscardSink;
import io.sluice.runtime.testing.PacedSource;

/**
 * An endless job for the runtime server's tests, submitted from a jar: a paced counter (argument:
 * records per second per subtask, default 2000), a map, a keyBy and a keyed running count, dropped
 * at the end. Two chains, so its graph has an edge.
 */
public final class ServerTestJob implements Job {

    @Override
    public void define(StreamEnvironment env, String[] args) {
        long perSecond = args.length > 0 ? Long.parseLong(args[0]) : 2000;
        env.fromSource(new PacedSource(perSecond), io.sluice.api.time.WatermarkStrategy.noWatermarks(), "counter")
                .map(n -> n + 1).name("plus one")
                .keyBy(n -> n % 16)
                .map(n -> n * 2).name("double")
                .sinkTo(new DiscardSink<>());
    }
}
