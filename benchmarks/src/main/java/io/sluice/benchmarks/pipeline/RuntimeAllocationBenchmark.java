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
 *
 * <p>{@code event-timers}: a keyed function registers an event-time timer per event (its time
 * counts up) and emits the preallocated object when the timer fires; a watermark every 1,024
 * events releases 1,024 timers at once, which the task fires over several turns of its timer
 * budget. Per event: one timer registered in the off-heap timer queue and one fired. Before it,
 * once per fork, a job with an event-time window and a keyed co-process function fires timers
 * too, as a runtime running several jobs does: the timer service's call into its operator then
 * sees several operator classes, and the JIT can no longer inline it and do away with what a
 * timer allocates by itself.
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

    @Param({"chained", "rebalanced", "broadcast-state", "event-timers"})
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

    /** Stamps the events 1, 2, 3, ...: the timer of each is at its own time. */
    static final class CountingTimestamps implements io.sluice.api.time.TimestampAssigner<Object> {
        private long next;

        @Override
        public long extractTimestamp(Object element, long recordTimestamp) {
            return ++next;
        }
    }

    /** A watermark at every 1,024th event's time. */
    static final class EveryThousandTwentyFour implements io.sluice.api.time.WatermarkGenerator<Object> {
        @Override
        public void onEvent(Object event, long timestamp, io.sluice.api.time.WatermarkOutput output) {
            if ((timestamp & 1023) == 0) {
                output.emitWatermark(timestamp);
            }
        }

        @Override
        public void onPeriodicEmit(io.sluice.api.time.WatermarkOutput output) {
        }
    }

    /** One event-time timer per event, at its time (counted here: the boxed timestamp would allocate). */
    static final class TimerPerEvent extends io.sluice.api.functions.KeyedProcessFunction<Long, Object, Object> {
        private static final Object FIRED = new Object();
        private long next;

        @Override
        public void processElement(Object value, Context ctx, io.sluice.api.functions.Collector<Object> out) {
            ctx.timerService().registerEventTimeTimer(++next);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, io.sluice.api.functions.Collector<Object> out) {
            out.collect(FIRED);
        }
    }

    /** Timers of its key at the events' times, and nothing emitted: only the timer path matters. */
    static final class CoTimers extends io.sluice.api.functions.KeyedCoProcessFunction<Long, Long, Long, Long> {
        @Override
        public void processElement1(Long value, Context ctx, io.sluice.api.functions.Collector<Long> out) {
            ctx.timerService().registerEventTimeTimer(value);
        }

        @Override
        public void processElement2(Long value, Context ctx, io.sluice.api.functions.Collector<Long> out) {
            ctx.timerService().registerEventTimeTimer(value);
        }
    }

    @org.openjdk.jmh.annotations.Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void otherJobsWithTimers() throws Exception {
        if (!shape.equals("event-timers")) {
            return;
        }
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        var numbers = env.fromSequence(1, 200_000).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((x, ts) -> x));
        numbers.keyBy(x -> x % 100).window(io.sluice.api.windowing.TumblingEventTimeWindows.of(
                java.time.Duration.ofMillis(10))).reduce(Long::sum).sinkTo(new CountingSink<>());
        numbers.connect(numbers).keyBy(x -> x % 100, x -> x % 100).process(new CoTimers())
                .sinkTo(new CountingSink<>());
        env.execute("other-timers");
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
        if (shape.equals("event-timers")) {
            stream = stream.assignTimestampsAndWatermarks(WatermarkStrategy.<Object>forGenerator(EveryThousandTwentyFour::new)
                            .withTimestampAssigner(new CountingTimestamps()))
                    .keyBy(x -> 0L).process(new TimerPerEvent());
        }
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
