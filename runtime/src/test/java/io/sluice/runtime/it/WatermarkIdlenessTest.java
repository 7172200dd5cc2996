package io.sluice.runtime.it;

import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.MetricsOptions;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.QueueSource;
import io.sluice.runtime.testing.UnboundedSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A union of a busy source and a silent one: the silent one holds event time back, unless its
 * watermark strategy declares it idle after a timeout.
 */
class WatermarkIdlenessTest implements java.io.Serializable {

    static final class Count implements AggregateFunction<Long, long[], Long> {
        public long[] createAccumulator() {
            return new long[1];
        }

        public long[] add(Long value, long[] acc) {
            acc[0]++;
            return acc;
        }

        public Long getResult(long[] acc) {
            return acc[0];
        }

        public long[] merge(long[] a, long[] b) {
            a[0] += b[0];
            return a;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.yield();
        }
    }

    private static long watermarkOf(JobClient client, String operator) {
        return client.metrics().tasks().stream().flatMap(t -> t.operators().stream())
                .filter(o -> o.operator().equals(operator)).mapToLong(OperatorMetrics::currentWatermark)
                .min().orElseThrow();
    }

    private JobClient start(CollectSink<Long> sink, WatermarkStrategy<Long> silentStrategy) throws Exception {
        return start(sink, silentStrategy, Duration.ZERO);
    }

    private JobClient start(CollectSink<Long> sink, WatermarkStrategy<Long> silentStrategy, Duration latencyInterval)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(10));
        env.set(MetricsOptions.LATENCY_INTERVAL, latencyInterval);
        DataStream<Long> busy = env.fromSource(new UnboundedSource(),
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v), "busy");
        DataStream<Long> silent = env.fromSource(new QueueSource(), silentStrategy, "silent");
        busy.union(silent)
                .keyBy(x -> x % 2)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(100_000)))
                .aggregate(new Count()).name("count")
                .sinkTo(sink);
        return env.executeAsync("idleness");
    }

    @Test
    void shouldHoldEventTimeBackWhileASourceIsSilent() throws Exception {
        CollectSink<Long> sink = new CollectSink<>();
        JobClient client = start(sink, WatermarkStrategy.<Long>forMonotonousTimestamps());
        try {
            await("the busy source's watermark to pass several windows",
                    () -> watermarkOf(client, "busy") > 1_000_000);
            assertThat(watermarkOf(client, "count")).isEqualTo(Long.MIN_VALUE);
            assertThat(sink.size()).isZero();
        } finally {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldLeaveAnIdleSourceOutOfTheWatermark() throws Exception {
        CollectSink<Long> sink = new CollectSink<>();
        JobClient client = start(sink, WatermarkStrategy.<Long>forMonotonousTimestamps()
                .withIdleness(Duration.ofMillis(50)));
        try {
            await("window results", () -> sink.size() >= 4);
            // windows of 100,000 ms of event time: each key holds half of the 100,000 values of a window
            assertThat(sink.values().subList(0, 4)).containsOnly(50_000L);
            // the results reach the sink within the task's turn; its metrics are published at the turn's end
            await("the window's watermark to pass the second window", () -> watermarkOf(client, "count") >= 199_999);
        } finally {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }

    /**
     * A source that went idle is active again from its next element on: it emits watermarks again
     * (an idle source emits none) and counts in the minimum again.
     */
    @Test
    void shouldMakeAnIdleSourceActiveAgainWithItsNextElement() throws Exception {
        QueueSource quiet = new QueueSource();
        QueueSource other = new QueueSource();
        CollectSink<Long> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(10));
        env.fromSource(quiet, WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v)
                        .withIdleness(Duration.ofMillis(50)), "quiet")
                .union(env.fromSource(other,
                        WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v), "other"))
                .keyBy(x -> 0L)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(1_000)))
                .aggregate(new Count()).name("count")
                .sinkTo(sink);
        JobClient client = env.executeAsync("idle and back");
        try {
            quiet.offer(10);
            other.offer(10);
            await("both sources' first watermark", () -> watermarkOf(client, "count") == 9);
            other.offer(10_000);
            // only once the quiet source is idle does event time follow the other alone
            await("the quiet source to go idle", () -> watermarkOf(client, "count") == 9_999);
            assertThat(sink.values()).containsExactly(2L);
            quiet.offer(20_000);
            await("the quiet source's watermark once it is active again", () -> watermarkOf(client, "quiet") == 19_999);
            assertThat(sink.values()).containsExactly(2L);
        } finally {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }

    private static long latencyMarkersAt(JobClient client, String operator) {
        return client.metrics().tasks().stream()
                .filter(t -> t.operators().stream().anyMatch(o -> o.operator().equals(operator)))
                .mapToLong(t -> t.latency() == null ? 0 : t.latency().count()).sum();
    }

    /** Latency markers are not watermarks: a silent source that sends them still holds event time back. */
    @Test
    void shouldHoldEventTimeBackWhileASourceIsSilentAndSendsLatencyMarkers() throws Exception {
        CollectSink<Long> sink = new CollectSink<>();
        JobClient client = start(sink, WatermarkStrategy.<Long>forMonotonousTimestamps(), Duration.ofMillis(1));
        try {
            await("latency markers at the window", () -> latencyMarkersAt(client, "count") > 50);
            await("the busy source's watermark to pass several windows",
                    () -> watermarkOf(client, "busy") > 1_000_000);
            assertThat(watermarkOf(client, "count")).isEqualTo(Long.MIN_VALUE);
            assertThat(sink.size()).isZero();
        } finally {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }

    /** Latency markers do not make an idle channel active: the idle source stays out of the watermark. */
    @Test
    void shouldLeaveAnIdleSourceOutOfTheWatermarkWhileItSendsLatencyMarkers() throws Exception {
        CollectSink<Long> sink = new CollectSink<>();
        JobClient client = start(sink, WatermarkStrategy.<Long>forMonotonousTimestamps()
                .withIdleness(Duration.ofMillis(50)), Duration.ofMillis(1));
        try {
            await("window results", () -> sink.size() >= 4);
            await("latency markers at the window", () -> latencyMarkersAt(client, "count") > 50);
            long watermark = watermarkOf(client, "count");
            await("event time to go on", () -> watermarkOf(client, "count") > watermark);
            assertThat(sink.values().subList(0, 4)).containsOnly(50_000L);
        } finally {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }
}
