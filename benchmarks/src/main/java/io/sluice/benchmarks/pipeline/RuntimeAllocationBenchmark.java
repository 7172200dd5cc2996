package io.sluice.benchmarks.pipeline;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.time.WatermarkStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The runtime's own cost per event, with user code that allocates nothing: one preallocated
 * object through map → filter → map → a counting sink, chained (direct calls) or across a ring.
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes allocated per event, including
 * the job's one-off set-up spread over 10 million events.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class RuntimeAllocationBenchmark {

    static final long EVENTS = 10_000_000;

    @Param({"chained", "rebalanced", "broadcast-state"})
    public String shape;

    static final io.sluice.api.state.MapStateDescriptor<String, String> RULES =
            new io.sluice.api.state.MapStateDescriptor<>("rules", String.class, String.class);

    /** Emits every element; looks up the broadcast state for each, as a rules job does. */
    static final class PassIfRuled extends io.sluice.api.functions.BroadcastProcessFunction<Object, Object, Object> {
        @Override
        public void processElement(Object value, ReadOnlyContext ctx, io.sluice.api.functions.Collector<Object> out) {
            if (!ctx.getBroadcastState(RULES).contains("stop")) {
                out.collect(value);
            }
        }

        @Override
        public void processBroadcastElement(Object rule, Context ctx, io.sluice.api.functions.Collector<Object> out) {
            ctx.getBroadcastState(RULES).put("seen", String.valueOf(rule));
        }
    }

    @Benchmark
    @OperationsPerInvocation(10_000_000)
    public long run() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.WORKERS, 2);
        env.set(ExecutionOptions.IDLE_STRATEGY, ExecutionOptions.IdleStrategyKind.BUSY_SPIN);
        var stream = env.fromSource(new ConstantSource(EVENTS), WatermarkStrategy.noWatermarks(), "constant");
        if (shape.equals("rebalanced")) {
            stream = stream.rebalance();
        }
        CountingSink.COUNT.reset();
        if (shape.equals("broadcast-state")) {
            // a two-input task whose function reads broadcast state for every element
            var rules = env.fromSource(new ConstantSource(1), WatermarkStrategy.noWatermarks(), "rules")
                    .broadcast(RULES);
            stream = stream.connect(rules).process(new PassIfRuled());
        }
        stream.map(x -> x).filter(x -> x != null).map(x -> x).sinkTo(new CountingSink<>());
        env.execute("runtime-allocation");
        if (CountingSink.COUNT.sum() != EVENTS) {
            throw new IllegalStateException("sink saw " + CountingSink.COUNT.sum() + " of " + EVENTS);
        }
        return CountingSink.COUNT.sum();
    }
}
