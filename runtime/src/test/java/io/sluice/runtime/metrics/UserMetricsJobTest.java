package io.sluice.runtime.metrics;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.functions.RichMapFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.metrics.Counter;
import io.sluice.api.metrics.Histogram;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.metrics.Meter;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.metrics.UserMetric;
import io.sluice.runtime.testing.SubtaskCollectSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.sluice.runtime.metrics.ScrapedMetrics.scrape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded job whose rich map function registers a counter, a gauge, a histogram, a meter and a
 * counter in a nested group; after it ends every figure is exact, per subtask (against what that
 * subtask's sink received) and in total, in {@code JobClient.metrics()} and in a Prometheus scrape.
 */
class UserMetricsJobTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Measures every value it passes on. */
    static final class Measure extends RichMapFunction<Long, Long> {
        private transient Counter records;
        private transient Counter negative;
        private transient Histogram values;
        private transient Meter events;
        /** Read by the gauge on the metrics thread. */
        private transient volatile long seen;

        @Override
        public void open(RuntimeContext ctx) {
            records = getRuntimeContext().getMetricGroup().counter("records");
            values = getRuntimeContext().getMetricGroup().histogram("values");
            events = getRuntimeContext().getMetricGroup().meter("events");
            getRuntimeContext().getMetricGroup().gauge("seen", () -> seen);
            negative = getRuntimeContext().getMetricGroup().addGroup("sign").counter("negative");
        }

        @Override
        public Long map(Long value) {
            records.inc();
            values.update(value);
            events.markEvent(2);
            seen = seen + 1;
            if (value < 0) {
                negative.inc();
            }
            return value;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyUserMetricIsExactPerSubtaskAndInTotal(long seed) throws Exception {
        Random random = new Random(seed);
        int n = 2_000 + random.nextInt(2_000);
        List<Long> input = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            input.add(random.nextLong(-1_000_000, 1_000_000_000L));
        }
        Collections.shuffle(input, random);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        env.set(ExecutionOptions.WORKERS, 2);
        SubtaskCollectSink<Long> sink = new SubtaskCollectSink<>();
        env.fromCollection(input)
                .rebalance()
                .map(new Measure()).name("measure")
                .sinkTo(sink).name("collect"); // chained: the sink's subtask is the map's
        JobClient client = env.executeAsync("user-metrics");
        JobResult result = client.await(DEADLINE);
        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        Map<Integer, List<Long>> bySubtask = sink.bySubtask();
        assertThat(bySubtask.values().stream().mapToLong(List::size).sum()).isEqualTo(n);

        JobMetrics metrics = client.metrics();
        List<OperatorMetrics> measured = new ArrayList<>();
        for (TaskMetrics t : metrics.tasks()) {
            t.operators().stream().filter(o -> o.operator().equals("measure")).forEach(measured::add);
        }
        assertThat(measured).hasSize(3);
        for (OperatorMetrics o : measured) {
            List<Long> values = bySubtask.getOrDefault(o.subtask(), List.of());
            long count = values.size();
            assertThat(o.userMetrics()).extracting(UserMetric::name)
                    .containsExactly("records", "values", "events", "seen", "sign.negative");
            assertThat(o.userMetric("records")).isEqualTo(new UserMetric.CounterValue("records", count));
            assertThat(o.recordsIn()).isEqualTo(count);
            assertThat(o.userMetric("seen")).isEqualTo(new UserMetric.GaugeValue("seen", count));
            assertThat(o.userMetric("sign.negative")).isEqualTo(new UserMetric.CounterValue("sign.negative",
                    values.stream().filter(v -> v < 0).count()));
            UserMetric.MeterValue events = (UserMetric.MeterValue) o.userMetric("events");
            assertThat(events.count()).isEqualTo(2 * count);
            assertThat(events.ratePerSecond()).isGreaterThanOrEqualTo(0.0).isFinite();
            UserMetric.HistogramValue h = (UserMetric.HistogramValue) o.userMetric("values");
            assertThat(h.count()).isEqualTo(count);
            assertThat(h.windowCount()).isEqualTo(count);
            assertThat(h.sum()).isEqualTo(values.stream().mapToLong(Long::longValue).sum());
            if (count > 0) {
                assertThat(h.min()).isEqualTo(Collections.min(values));
                assertThat(h.max()).isEqualTo(Collections.max(values));
                assertThat(h.p50()).isBetween(0L, Math.max(0, h.max()) + h.max() / 100);
            }
        }
        assertThat(metrics.userCounter("measure", "records")).isEqualTo(n);
        assertThat(measured.stream().mapToLong(o -> ((UserMetric.HistogramValue) o.userMetric("values")).count())
                .sum()).isEqualTo(n);
        assertThat(measured.stream().mapToLong(o -> ((UserMetric.HistogramValue) o.userMetric("values")).min()))
                .contains(Collections.min(input));

        // the same figures in a Prometheus scrape
        ScrapedMetrics m = scrape(new RuntimeMetrics(() -> List.of(new MonitoredJob(client.jobId(), "user-metrics",
                client))));
        String[] job = {"job_id", client.jobId(), "operator", "measure"};
        assertThat(m.sum("sluice_user_counter_total", concat(job, "name", "records"))).isEqualTo(n);
        assertThat(m.sum("sluice_user_gauge", concat(job, "name", "seen"))).isEqualTo(n);
        assertThat(m.sum("sluice_user_meter_events_total", concat(job, "name", "events"))).isEqualTo(2.0 * n);
        assertThat(m.sum("sluice_user_histogram_count", concat(job, "name", "values"))).isEqualTo(n);
        assertThat(m.sum("sluice_user_histogram_sum", concat(job, "name", "values")))
                .isEqualTo((double) input.stream().mapToLong(Long::longValue).sum());
        assertThat(m.find("sluice_user_histogram", concat(job, "name", "values", "quantile", "0.99"))).hasSize(3);
        assertThat(m.find("sluice_user_meter_events_per_second", concat(job, "name", "events"))).hasSize(3);
        for (OperatorMetrics o : measured) {
            List<Long> values = bySubtask.getOrDefault(o.subtask(), List.of());
            String[] labels = concat(job, "subtask", Integer.toString(o.subtask()), "name", "values");
            assertThat(m.value("sluice_user_counter_total", concat(job, "subtask", Integer.toString(o.subtask()),
                    "name", "records"))).isEqualTo((double) values.size());
            if (!values.isEmpty()) {
                assertThat(m.value("sluice_user_histogram_min", labels)).isEqualTo((double) Collections.min(values));
                assertThat(m.value("sluice_user_histogram_max", labels)).isEqualTo((double) Collections.max(values));
            }
        }
        assertThat(m.find("sluice_user_counter_total", "operator", "collect")).as("only where registered").isEmpty();

        // and in OpenMetrics, which Prometheus asks for first
        java.io.ByteArrayOutputStream open = new java.io.ByteArrayOutputStream();
        new RuntimeMetrics(() -> List.of(new MonitoredJob(client.jobId(), "user-metrics", client)))
                .scrape("application/openmetrics-text; version=1.0.0", open);
        assertThat(open.toString(java.nio.charset.StandardCharsets.UTF_8)).endsWith("# EOF\n")
                .contains("# TYPE sluice_user_counter counter")
                .contains("# TYPE sluice_user_histogram summary")
                .containsPattern("sluice_user_histogram_count\\{[^}]*name=\"values\"[^}]*subtask=\"0\"[^}]*} "
                        + bySubtask.getOrDefault(0, List.of()).size());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
