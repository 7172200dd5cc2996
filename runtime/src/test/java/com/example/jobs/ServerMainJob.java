package com.example.jobs;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.DiscardSink;
import io.sluice.runtime.testing.PacedSource;

/** An endless job defined by a main method, as many users write them; inside the runtime its execute returns at once. */
public final class ServerMainJob {

    private ServerMainJob() {
    }

    public static void main(String[] args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSource(new PacedSource(1000), io.sluice.api.time.WatermarkStrategy.noWatermarks(), "ticks")
                .sinkTo(new DiscardSink<>());
        env.execute("main-job");
    }
}
