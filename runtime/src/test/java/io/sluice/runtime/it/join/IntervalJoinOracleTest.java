package io.sluice.runtime.it.join;

import io.sluice.api.DataStream;
import io.sluice.api.IntervalJoined;
import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.KeyedStream;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.config.StateOptions;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessJoinFunction;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code intervalJoin} against a brute-force oracle over random out-of-order input with late
 * elements, random bounds (negative, inclusive or exclusive), parallelism and state backend: the output is every
 * pair of on-time left and right elements of one key whose timestamps are within the bounds, once,
 * stamped with the larger timestamp; the late elements (at or behind the watermark they meet) join
 * nothing and reach the late-data side outputs exactly, or are counted as dropped.
 */
class IntervalJoinOracleTest {

    static final OutputTag<String> PAIRS = new OutputTag<>("pairs") {
    };

    /** Describes each pair with the context's timestamps, to the main and a side output. */
    static final class Describe extends ProcessJoinFunction<Ev, Ev, String> {
        @Override
        public void processElement(Ev left, Ev right, Context ctx, Collector<String> out) {
            requireRuntimeContext(getRuntimeContext().operatorName());
            String pair = describe(left, right, ctx.getLeftTimestamp(), ctx.getRightTimestamp(), ctx.getTimestamp());
            out.collect(pair);
            ctx.output(PAIRS, pair);
        }
    }

    /** A rich join function reaches its runtime context from its processing method. */
    static void requireRuntimeContext(String operatorName) {
        if (!operatorName.equals("join")) {
            throw new IllegalStateException("runtime context of '" + operatorName + "', not of the join");
        }
    }

    static String describe(Ev left, Ev right, long leftTs, long rightTs, long ts) {
        return left.seq() + ":" + right.seq() + ":" + leftTs + ":" + rightTs + ":" + ts;
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 16);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void joinEqualsTheOracle(long seed) throws Exception {
        Random r = new Random(seed);
        Script script = Script.random(r);
        long lower = seed % 4 == 3 ? -1 - r.nextInt(30) : r.nextInt(41) - 30;
        long upper = seed % 4 == 3 ? lower + r.nextInt((int) -lower) : lower + r.nextInt(31); // some all-negative
        boolean lowerExclusive = r.nextInt(3) == 0;
        boolean upperExclusive = r.nextInt(3) == 0;
        if (upper - lower < 2) {
            lowerExclusive = upperExclusive = false;
        }
        boolean lateSideOutputs = seed % 2 == 0;
        int parallelism = 1 + (int) (seed % 3);

        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, 2 << r.nextInt(9));
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(1));
        env.set(StateOptions.BACKEND, seed % 4 == 1 ? "heap" : "offheap");
        ScriptedSource source = new ScriptedSource(script.events);
        DataStream<Ev> all = env.fromSource(source, ScriptedSource.watermarks(), "script").filter(Ev::isElement);
        KeyedStream<Integer, Ev> left = all.filter(e -> e.kind() == Ev.LEFT).keyBy(Ev::key);
        KeyedStream<Integer, Ev> right = all.filter(e -> e.kind() == Ev.RIGHT).keyBy(Ev::key);
        IntervalJoined<Ev, Ev, Integer> joined = left.intervalJoin(right).between(Duration.ofMillis(lower),
                Duration.ofMillis(upper));
        if (lowerExclusive) {
            joined.lowerBoundExclusive();
        }
        if (upperExclusive) {
            joined.upperBoundExclusive();
        }
        OutputTag<Ev> lateLeft = new OutputTag<>("late-left");
        OutputTag<Ev> lateRight = new OutputTag<>("late-right");
        if (lateSideOutputs) {
            joined.sideOutputLeftLateData(lateLeft).sideOutputRightLateData(lateRight);
        }
        DataStream<String> out = joined.process(new Describe()).name("join").setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        CollectSink<String> pairs = new CollectSink<>();
        CollectSink<Ev> lateLeftSink = new CollectSink<>();
        CollectSink<Ev> lateRightSink = new CollectSink<>();
        out.sinkTo(sink);
        out.getSideOutput(PAIRS).sinkTo(pairs);
        if (lateSideOutputs) {
            out.getSideOutput(lateLeft).sinkTo(lateLeftSink);
            out.getSideOutput(lateRight).sinkTo(lateRightSink);
        }
        JobClient job = env.executeAsync("interval-join-oracle-" + seed);
        source.watch(job, "join");
        JobResult result = job.await(Duration.ofSeconds(60));
        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);

        long lo = lowerExclusive ? lower + 1 : lower;
        long hi = upperExclusive ? upper - 1 : upper;
        List<String> expected = oracle(script, lo, hi);
        assertThat(sorted(sink.values())).as("bounds [%d, %d]", lo, hi).isEqualTo(expected);
        assertThat(sorted(pairs.values())).as("the context's side output").isEqualTo(expected);
        List<String> values = sink.values();
        List<Long> timestamps = sink.timestamps();
        for (int i = 0; i < values.size(); i++) {
            String[] p = values.get(i).split(":");
            assertThat(timestamps.get(i)).as("timestamp of %s", values.get(i)).isEqualTo(Long.parseLong(p[4]));
        }

        List<Ev> late = script.elements().stream().filter(script::isBehindWatermark).toList();
        assertThat(late).as("the script has late elements").isNotEmpty();
        List<Ev> expectedLateLeft = late.stream().filter(e -> e.kind() == Ev.LEFT).toList();
        List<Ev> expectedLateRight = late.stream().filter(e -> e.kind() == Ev.RIGHT).toList();
        if (lateSideOutputs) {
            assertThat(lateLeftSink.values()).containsExactlyInAnyOrderElementsOf(expectedLateLeft);
            assertThat(lateRightSink.values()).containsExactlyInAnyOrderElementsOf(expectedLateRight);
            assertStampedWithOwnTimestamps(lateLeftSink);
            assertStampedWithOwnTimestamps(lateRightSink);
            assertThat(droppedBy(result, "join")).isZero();
        } else {
            assertThat(droppedBy(result, "join")).as("late elements dropped").isEqualTo(late.size());
        }
    }

    static void assertStampedWithOwnTimestamps(CollectSink<Ev> sink) {
        List<Ev> values = sink.values();
        List<Long> timestamps = sink.timestamps();
        for (int i = 0; i < values.size(); i++) {
            assertThat(timestamps.get(i)).as("timestamp of %s", values.get(i)).isEqualTo(values.get(i).ts());
        }
    }

    /** Every on-time pair of one key within the bounds, by brute force. */
    static List<String> oracle(Script script, long lower, long upper) {
        List<Ev> onTime = script.elements().stream().filter(e -> !script.isBehindWatermark(e)).toList();
        List<String> out = new ArrayList<>();
        for (Ev l : onTime) {
            if (l.kind() != Ev.LEFT) {
                continue;
            }
            for (Ev r : onTime) {
                if (r.kind() == Ev.RIGHT && r.key() == l.key() && r.ts() >= l.ts() + lower
                        && r.ts() <= l.ts() + upper) {
                    out.add(describe(l, r, l.ts(), r.ts(), Math.max(l.ts(), r.ts())));
                }
            }
        }
        return sorted(out);
    }

    static long droppedBy(JobResult result, String operator) {
        long dropped = 0;
        for (TaskMetrics t : result.metrics().tasks()) {
            for (OperatorMetrics o : t.operators()) {
                if (o.operator().equals(operator)) {
                    dropped += o.recordsDropped();
                }
            }
        }
        return dropped;
    }

    static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
