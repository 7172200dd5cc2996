package io.sluice.benchmarks.harness.sluice;

import io.sluice.api.DataStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ConfigRegistry;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.Engine;
import io.sluice.benchmarks.harness.RunConfig;
import io.sluice.benchmarks.harness.W1Functions;
import io.sluice.benchmarks.harness.Workload;

import java.time.Duration;

/**
 * The workloads as Sluice jobs, run in this JVM with busy-spinning workers (one per core). Sluice
 * options given as system properties ({@code -Dexecution.chain-specialization=false}) override.
 */
public final class SluiceEngine implements Engine {

    @Override
    public boolean supports(Workload workload) {
        return workload != Workload.W4;
    }

    @Override
    public String unsupportedReason(Workload workload) {
        return "W4 needs exactly-once checkpoints, which Sluice does not take yet";
    }

    @Override
    public void run(RunConfig c) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(c.parallelism());
        env.set(ExecutionOptions.IDLE_STRATEGY, ExecutionOptions.IdleStrategyKind.BUSY_SPIN);
        // any Sluice option given as a system property (-Dexecution.batch-size=64) overrides; the
        // result line records the JVM's arguments, so such a run says so
        for (String key : System.getProperties().stringPropertyNames()) {
            if (ConfigRegistry.find(key) != null) {
                env.config().set(key, System.getProperty(key));
            }
        }
        switch (c.workload()) {
            case W1 -> env.fromSource(GeneratorSource.unlimited(c.totalEvents(), c.keys()),
                            WatermarkStrategy.noWatermarks(), "generator")
                    .map(W1Functions::triple)
                    .filter(W1Functions::isEven)
                    .map(W1Functions::plusOne)
                    .sinkTo(HarnessSinks.counting());
            case W2 -> env.fromSource(GeneratorSource.unlimited(c.totalEvents(), c.keys()),
                            WatermarkStrategy.<BenchEvent>forBoundedOutOfOrderness(Duration.ofMillis(100))
                                    .withTimestampAssigner((e, ts) -> e.timestamp), "generator")
                    .keyBy(e -> e.key)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .reduce(W1Functions::sum)
                    .sinkTo(HarnessSinks.counting());
            case W3 -> {
                DataStream<BenchEvent> events = env.fromSource(
                        GeneratorSource.fixedRate(c.totalEvents(), c.keys(), c.rate()),
                        WatermarkStrategy.noWatermarks(), "fixed-rate generator");
                events.keyBy(e -> e.key)
                        .process(new RunningSum())
                        .sinkTo(HarnessSinks.latency(c.warmupSeconds()));
            }
            case W4 -> throw new UnsupportedOperationException(unsupportedReason(Workload.W4));
        }
        env.execute("harness-" + c.workload());
    }
}
