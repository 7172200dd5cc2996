package io.sluice.runtime.it;

import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.QueueSource;
import io.sluice.runtime.testing.SlowSink;
import io.sluice.runtime.testing.UnboundedSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time and back-pressure of two-input tasks: the operator's watermark is the minimum of both
 * inputs'; an idle input leaves it to the other; an ended input lets the other go on to its end;
 * a slow sink behind a fast input holds nothing up for good.
 */
class TwoInputTimeAndBackPressureTest {

    /**
     * Input 1 registers a timer at each element's timestamp; input 2 passes through. Timers must fire
     * in order, never ahead of the watermark.
     */
    static final class TimerPerElement extends KeyedCoProcessFunction<Long, Long, Long, String> {
        private transient long lastFired = Long.MIN_VALUE;

        @Override
        public void processElement1(Long value, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(value);
        }

        @Override
        public void processElement2(Long value, Context ctx, Collector<String> out) {
            out.collect("b" + value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            if (timestamp < lastFired || timestamp > ctx.timerService().currentWatermark()) {
                throw new IllegalStateException("timer " + timestamp + " out of order: last " + lastFired
                        + ", watermark " + ctx.timerService().currentWatermark());
            }
            lastFired = timestamp;
            out.collect("t" + timestamp);
        }
    }

    private static long watermarkOf(JobClient client, String operator) {
        return client.metrics().tasks().stream().flatMap(t -> t.operators().stream())
                .filter(o -> o.operator().equals(operator)).mapToLong(OperatorMetrics::currentWatermark)
                .min().orElseThrow();
    }

    private static JobClient startBusyAndSilent(CollectSink<String> sink, WatermarkStrategy<Long> silentStrategy)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(10));
        DataStream<Long> busy = env.fromSource(new UnboundedSource(),
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v), "busy");
        DataStream<Long> silent = env.fromSource(new QueueSource(), silentStrategy, "silent");
        busy.connect(silent).keyBy(v -> v % 2, v -> v % 2)
                .process(new TimerPerElement()).name("timers")
                .sinkTo(sink);
        return env.executeAsync("busy-and-silent");
    }

    @Test
    void shouldHoldEventTimeBackWhileTheOtherInputIsSilent() throws Exception {
        CollectSink<String> sink = new CollectSink<>();
        JobClient client = startBusyAndSilent(sink, WatermarkStrategy.forMonotonousTimestamps());
        try {
            Conditions.await("the busy input's watermark to pass 1,000,000", Duration.ofSeconds(30),
                    () -> watermarkOf(client, "busy") > 1_000_000);
            assertThat(watermarkOf(client, "timers")).as("the minimum of both inputs").isEqualTo(Long.MIN_VALUE);
            assertThat(sink.size()).as("no timer fired").isZero();
        } finally {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldLetTheBusyInputDriveEventTimeWhileTheOtherIsIdle() throws Exception {
        CollectSink<String> sink = new CollectSink<>();
        JobClient client = startBusyAndSilent(sink, WatermarkStrategy.<Long>forMonotonousTimestamps()
                .withIdleness(Duration.ofMillis(50)));
        try {
            Conditions.await("timers to fire up to 100,000", Duration.ofSeconds(30), () -> sink.size() > 100_000);
            assertThat(watermarkOf(client, "timers")).isGreaterThanOrEqualTo(100_000);
            List<String> first = sink.values().subList(0, 100_000);
            List<String> expected = new ArrayList<>();
            for (long v = 0; v < 100_000; v++) {
                expected.add("t" + v);
            }
            assertThat(first).as("timers in order, each once").isEqualTo(expected);
        } finally {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }

    /** Input 1 ends after a few elements; input 2 goes on to its own end, and so do the timers. */
    @Test
    void shouldGoOnToTheEndOfOneInputAfterTheOtherEnded() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(1));
        long longer = 50_000;
        DataStream<Long> shortInput = env.fromSource(new UnboundedSource(10),
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v), "short");
        DataStream<Long> longInput = env.fromSource(new UnboundedSource(longer),
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v), "long");
        CollectSink<String> sink = new CollectSink<>();
        // the long input registers the timers here (input 1), the short one passes through (input 2)
        longInput.connect(shortInput).keyBy(v -> v % 3, v -> v % 3)
                .process(new TimerPerElement()).name("timers")
                .sinkTo(sink);
        assertThat(env.execute().status()).isEqualTo(JobStatus.FINISHED);

        List<String> out = sink.values();
        out.sort(null);
        List<String> expected = new ArrayList<>();
        for (long v = 0; v < longer; v++) {
            expected.add("t" + v); // two subtasks of the long source each emit 0..longer-1: one timer per (key, time)
        }
        for (long v = 0; v < 10; v++) {
            expected.add("b" + v);
            expected.add("b" + v);
        }
        expected.sort(null);
        assertThat(out).isEqualTo(expected);
    }

    static final long SECOND = 1_000_000_000L;

    static final class Merge implements CoMapFunction<Long, Long, Long> {
        @Override
        public Long map1(Long value) {
            return value;
        }

        @Override
        public Long map2(Long value) {
            return SECOND + value; // the slow sink takes a negative value for its end
        }
    }

    /**
     * A fast input and a slow one into a slow sink, through small rings: the task polls its input
     * channels in turn and stops taking input while its output is full, never blocking; both inputs
     * get through and the job finishes with everything delivered once.
     */
    @Test
    void shouldDeliverBothInputsThroughASlowSinkWithoutDeadlock() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, 16);
        env.set(ExecutionOptions.BATCH_SIZE, 8);
        long fast = 40_000;
        long slow = 2_000;
        SlowSink sink = new SlowSink(8, 5_000);
        env.fromSequence(0, fast - 1).name("fast")
                .connect(env.fromSequence(0, slow - 1).map(TwoInputTimeAndBackPressureTest::slowly).name("slow"))
                .map(new Merge()).name("merge")
                .sinkTo(sink);
        JobClient job = env.executeAsync("two-input-back-pressure");
        assertThat(job.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);

        List<Long> received = new ArrayList<>(sink.received());
        received.sort(null);
        List<Long> expected = new ArrayList<>();
        for (long v = 0; v < fast; v++) {
            expected.add(v);
        }
        for (long v = 0; v < slow; v++) {
            expected.add(SECOND + v);
        }
        assertThat(received).isEqualTo(expected);
        assertThat(sink.maxQueued()).isLessThanOrEqualTo(8);
    }

    /** About 50 µs per element. */
    static long slowly(long v) {
        long until = System.nanoTime() + 50_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return v;
    }
}
