package io.sluice.runtime.metrics;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.MetricsOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.metrics.LatencySnapshot;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.PacedSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latency markers in real jobs: sent by the sources at {@code metrics.latency-interval}, measured
 * by every task after them, never seen by user functions, and absent, with their metrics, when off.
 */
class LatencyTrackingTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String LATENCY = "sluice_task_latency_seconds";
    /** Calls of the counting map, over all its copies. */
    private static final AtomicLong MAP_CALLS = new AtomicLong();

    /** Discards everything: for jobs that run until cancelled. */
    private static final Sink<Long> DISCARD = context -> (element, timestamp) -> { };

    private static StreamEnvironment environment(Duration latencyInterval) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.set(ExecutionOptions.WORKERS, 2);
        env.set(MetricsOptions.LATENCY_INTERVAL, latencyInterval);
        return env;
    }

    private static List<TaskMetrics> tasksEndingWith(List<TaskMetrics> tasks, String operator) {
        List<TaskMetrics> found = new ArrayList<>();
        for (TaskMetrics t : tasks) {
            if (t.operators().get(t.operators().size() - 1).operator().equals(operator)) {
                found.add(t);
            }
        }
        return found;
    }

    private static long latencyCount(JobClient job, String lastOperator) {
        long n = 0;
        for (TaskMetrics t : tasksEndingWith(job.metrics().tasks(), lastOperator)) {
            n += t.latency() == null ? 0 : t.latency().count();
        }
        return n;
    }

    @Test
    void shouldMeasureLatencyFromTheSourcesToEveryLaterTaskAndExposeItAsASummary() throws Exception {
        StreamEnvironment env = environment(Duration.ofMillis(10));
        env.fromSource(new PacedSource(20_000), WatermarkStrategy.noWatermarks(), "numbers")
                .keyBy(v -> v % 16)
                .map(v -> v + 1).name("inc")
                .sinkTo(DISCARD).name("out");
        JobClient job = env.executeAsync("latency-on");
        try {
            Conditions.await("markers reach the sink tasks", DEADLINE, () -> latencyCount(job, "out") > 0);
            long first = latencyCount(job, "out");
            Conditions.await("more markers reach the sink tasks", DEADLINE, () -> latencyCount(job, "out") > first);

            List<TaskMetrics> tasks = job.metrics().tasks();
            for (TaskMetrics source : tasksEndingWith(tasks, "numbers")) {
                assertThat(source.latency()).as("a source measures nothing: markers start there").isNull();
            }
            List<TaskMetrics> sinks = tasksEndingWith(tasks, "out");
            assertThat(sinks).hasSize(2);
            long windowCount = 0;
            for (TaskMetrics sink : sinks) {
                LatencySnapshot l = sink.latency();
                assertThat(l).isNotNull();
                windowCount += l.windowCount();
                if (l.windowCount() > 0) {
                    assertThat(l.p50Ns()).isPositive();
                    assertThat(l.p50Ns()).isLessThanOrEqualTo(l.p90Ns());
                    assertThat(l.p90Ns()).isLessThanOrEqualTo(l.p99Ns());
                    assertThat(l.p99Ns()).isLessThanOrEqualTo(l.p999Ns());
                    assertThat(l.p999Ns()).isLessThanOrEqualTo(l.maxNs());
                    assertThat(l.maxNs()).as("generous bound for a loaded machine").isLessThan(5_000_000_000L);
                    assertThat(l.sumNs()).isPositive();
                }
            }
            assertThat(windowCount).isPositive();

            ScrapedMetrics m = ScrapedMetrics.scrape(
                    new RuntimeMetrics(() -> List.of(new MonitoredJob(job.jobId(), "latency-on", job))));
            String sinkTask = sinks.get(0).task();
            assertThat(m.sum(LATENCY + "_count", "task", sinkTask)).isPositive();
            assertThat(m.find(LATENCY, "task", sinkTask, "quantile", "0.99")).hasSize(2);
            assertThat(m.find(LATENCY, "task", sinkTask, "quantile", "0.999")).hasSize(2);
            assertThat(m.find(LATENCY + "_sum", "task", sinkTask)).hasSize(2);
            for (ScrapedMetrics.Sample s : m.find(LATENCY, "task", sinkTask, "quantile", "0.5")) {
                assertThat(s.value()).satisfiesAnyOf(v -> assertThat(v).isNaN(), v -> assertThat(v).isBetween(0.0, 5.0));
            }
            assertThat(m.find(LATENCY + "_count", "task", tasksEndingWith(tasks, "numbers").get(0).task()))
                    .as("no series for the sources").isEmpty();
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }
    }

    @Test
    void shouldNeverHandAMarkerToAUserFunction() throws Exception {
        long count = 20_000;
        MAP_CALLS.set(0);
        StreamEnvironment env = environment(Duration.ofMillis(1));
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(new FailingSequenceSource(count, 4, 20, 0), WatermarkStrategy.noWatermarks(), "sequence")
                .keyBy(v -> v % 16)
                .map(v -> {
                    MAP_CALLS.incrementAndGet();
                    return v;
                }).name("counting")
                .sinkTo(sink).name("collect");
        JobClient job = env.executeAsync("latency-bounded");
        JobResult result = job.await(DEADLINE);

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(MAP_CALLS.get()).as("calls of the map: exactly the records").isEqualTo(count);
        assertThat(sink.size()).isEqualTo((int) count);
        assertThat(sink.values()).doesNotHaveDuplicates();
        long markers = 0;
        for (TaskMetrics t : tasksEndingWith(result.metrics().tasks(), "collect")) {
            markers += t.latency().count();
        }
        assertThat(markers).as("markers went through the job alongside the records").isPositive();
    }

    @Test
    void shouldHaveNoLatencyFiguresWhenTrackingIsOff() throws Exception {
        StreamEnvironment env = environment(Duration.ZERO);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(new PacedSource(20_000), WatermarkStrategy.noWatermarks(), "numbers")
                .keyBy(v -> v % 16)
                .map(v -> v + 1).name("inc")
                .sinkTo(sink).name("out");
        JobClient job = env.executeAsync("latency-off");
        try {
            Conditions.await("records reach the sink", DEADLINE, () -> sink.size() > 1000);
            for (TaskMetrics t : job.metrics().tasks()) {
                assertThat(t.latency()).as("latency of %s", t.task()).isNull();
            }
            ScrapedMetrics m = ScrapedMetrics.scrape(
                    new RuntimeMetrics(() -> List.of(new MonitoredJob(job.jobId(), "latency-off", job))));
            assertThat(m.names()).isNotEmpty().noneMatch(n -> n.startsWith(LATENCY));
            assertThat(m.text()).doesNotContain(LATENCY);
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }
    }
}
