package io.sluice.benchmarks.pipeline;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.datagen.DataGenSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A whole job per invocation: generated longs through map(x*3) → filter(even) → map(+1) → a
 * counting sink. Reported as events per second. {@code chained}: the whole pipeline in one task
 * (direct calls); {@code rebalanced}: a ring hand-off between two tasks on two workers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class StatelessPipelineBenchmark {

    static final long EVENTS = 5_000_000;

    @Param({"chained", "rebalanced"})
    public String shape;

    @Setup(Level.Invocation)
    public void reset() {
        CountingSink.COUNT.reset();
    }

    @Benchmark
    @OperationsPerInvocation(5_000_000)
    public long run() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.WORKERS, 2);
        env.set(ExecutionOptions.IDLE_STRATEGY, ExecutionOptions.IdleStrategyKind.BUSY_SPIN);
        var stream = env.fromSource(DataGenSource.of(i -> i, EVENTS), WatermarkStrategy.noWatermarks(), "gen");
        if (shape.equals("rebalanced")) {
            stream = stream.rebalance();
        }
        stream.map(x -> x * 3).filter(x -> (x & 1) == 0).map(x -> x + 1).sinkTo(new CountingSink<>());
        env.execute("w1");
        return CountingSink.COUNT.sum();
    }

    @TearDown(Level.Invocation)
    public void check() {
        long expected = EVENTS / 2;
        if (CountingSink.COUNT.sum() != expected) {
            throw new IllegalStateException("sink saw " + CountingSink.COUNT.sum() + " events, expected " + expected);
        }
    }
}
