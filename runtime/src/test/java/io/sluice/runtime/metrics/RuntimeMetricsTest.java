package io.sluice.runtime.metrics;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.UnboundedSource;
import io.sluice.state.offheap.SlabAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.sluice.runtime.metrics.ScrapedMetrics.scrape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Real jobs run in-process, scraped as Prometheus would, with the text parsed back. */
class RuntimeMetricsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String IN = "sluice_operator_records_in_total";
    private static final String OUT = "sluice_operator_records_out_total";
    private static final String DROPPED = "sluice_operator_records_dropped_total";
    private static final String WATERMARK = "sluice_operator_watermark_seconds";
    private static final String LAG = "sluice_operator_watermark_lag_seconds";
    private static final String STATE = "sluice_job_state";
    private static final String NATIVE = "sluice_state_native_memory_bytes";

    @TempDir
    Path dir;

    /** Discards everything: for jobs that run until cancelled. */
    private static final Sink<Long> DISCARD = context -> (element, timestamp) -> { };

    private StreamEnvironment environment(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.set(ExecutionOptions.WORKERS, 2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        return env;
    }

    private static RuntimeMetrics metricsOf(JobClient client, String name) {
        return new RuntimeMetrics(() -> List.of(new MonitoredJob(client.jobId(), name, client)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5); // polling a condition with a deadline, not waiting for time to pass
        }
    }

    private static ScrapedMetrics scrapeUnchecked(RuntimeMetrics metrics) {
        try {
            return scrape(metrics);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldCountExactlyTheRecordsEveryOperatorProcessed() throws Exception {
        StreamEnvironment env = environment(2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 1000)
                .map(x -> x + 1)
                .map(x -> x * 3)                     // a second "map" in the same chain: reported as "map #2"
                .filter(x -> x % 2 == 0).name("even")
                .keyBy(x -> x % 7)
                .reduce(Long::sum).name("sum")
                .sinkTo(sink).name("collect");
        JobClient client = env.executeAsync("counting");
        JobResult result = client.await(DEADLINE);
        RuntimeMetrics metrics = metricsOf(client, "counting");
        ScrapedMetrics m = scrape(metrics);
        String id = client.jobId();

        assertThat(sink.size()).isEqualTo(500);
        assertThat(m.sum(OUT, "job_id", id, "operator", "sequence")).isEqualTo(1000);
        assertThat(m.sum(IN, "job_id", id, "operator", "map")).isEqualTo(1000);
        assertThat(m.sum(OUT, "job_id", id, "operator", "map")).isEqualTo(1000);
        assertThat(m.sum(IN, "job_id", id, "operator", "map #2")).isEqualTo(1000);
        assertThat(m.sum(IN, "job_id", id, "operator", "even")).isEqualTo(1000);
        assertThat(m.sum(OUT, "job_id", id, "operator", "even")).isEqualTo(500);
        assertThat(m.sum(IN, "job_id", id, "operator", "sum")).isEqualTo(500);
        assertThat(m.sum(OUT, "job_id", id, "operator", "sum")).isEqualTo(500);
        assertThat(m.sum(IN, "job_id", id, "operator", "collect")).isEqualTo(500);
        assertThat(m.sum(DROPPED, "job_id", id)).isZero();

        // every subtask of every operator, as the job's own counters have it
        for (TaskMetrics t : result.metrics().tasks()) {
            OperatorMetrics last = t.operators().get(t.operators().size() - 1);
            String[] labels = {"job_id", id, "job_name", "counting", "task", t.task(),
                    "subtask", Integer.toString(t.subtask()), "operator", last.operator()};
            assertThat(m.value(IN, labels)).isEqualTo(last.recordsIn());
            assertThat(m.value(OUT, labels)).isEqualTo(last.recordsOut());
            String[] task = {"job_id", id, "task", t.task(), "subtask", Integer.toString(t.subtask())};
            assertThat(m.value("sluice_task_busy_seconds_total", task)).isPositive();
            assertThat(m.value("sluice_task_idle_seconds_total", task)).isPositive();
            assertThat(m.value("sluice_task_input_queued_elements", task)).isZero();
            assertThat(m.value("sluice_task_output_queued_elements", task)).isZero();
        }
        assertThat(m.find(IN, "task", "sequence -> map -> map -> even")).hasSize(2 * 4);
        assertThat(m.find(IN, "task", "sum -> collect")).hasSize(2 * 2);

        assertThat(m.value(STATE, "job_id", id, "state", "FINISHED")).isEqualTo(1);
        assertThat(m.value(STATE, "job_id", id, "state", "RUNNING")).isZero();
        assertThat(m.sum(STATE, "job_id", id)).isEqualTo(1);
        assertThat(m.value("sluice_job_uptime_seconds", "job_id", id))
                .isEqualTo(result.duration().toMillis() / 1000.0);

        // an ended job's figures stay as they were: idle time and uptime no longer grow
        ScrapedMetrics again = scrape(metrics);
        String[] sumTask = {"job_id", id, "task", "sum -> collect", "subtask", "0"};
        assertThat(again.value("sluice_task_idle_seconds_total", sumTask))
                .isEqualTo(m.value("sluice_task_idle_seconds_total", sumTask));
        assertThat(again.value("sluice_job_uptime_seconds", "job_id", id))
                .isEqualTo(m.value("sluice_job_uptime_seconds", "job_id", id));
    }

    @Test
    void shouldReportCheckpointsAndStateMemoryAndKeepAnEndedJobScrapeable() throws Exception {
        StreamEnvironment env = environment(1);
        env.fromSource(new UnboundedSource(), WatermarkStrategy.noWatermarks(), "counter")
                .keyBy(x -> x % 64)
                .reduce(Long::sum).name("sum")
                .sinkTo(DISCARD).name("discard");
        JobClient client = env.executeAsync("checkpointed");
        RuntimeMetrics metrics = metricsOf(client, "checkpointed");
        String id = client.jobId();
        ScrapedMetrics running;
        try {
            await("records through the keyed reduce",
                    () -> scrapeUnchecked(metrics).find(IN, "operator", "sum").stream()
                            .anyMatch(s -> s.value() > 0));
            ScrapedMetrics before = scrape(metrics);
            assertThat(before.value("sluice_checkpoints_completed_total", "job_id", id)).isZero();
            assertThat(before.find("sluice_checkpoint_last_duration_seconds")).as("no checkpoint yet").isEmpty();
            assertThat(before.find(WATERMARK)).as("a job without watermarks").isEmpty();

            client.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            running = scrape(metrics);
        } finally {
            client.cancel();
            client.await(DEADLINE);
        }
        CheckpointMetrics c = client.checkpointMetrics();
        assertThat(c.completed()).isEqualTo(1);
        assertThat(running.value(STATE, "job_id", id, "state", "RUNNING")).isEqualTo(1);
        assertThat(running.value("sluice_checkpoints_completed_total", "job_id", id)).isEqualTo(1);
        assertThat(running.value("sluice_checkpoints_failed_total", "job_id", id)).isZero();
        assertThat(running.value("sluice_checkpoints_in_progress", "job_id", id)).isZero();
        assertThat(running.value("sluice_job_restarts_total", "job_id", id)).isZero();
        assertThat(running.value("sluice_checkpoint_last_completed_id", "job_id", id))
                .isEqualTo(c.lastCompletedId());
        assertThat(running.value("sluice_checkpoint_last_size_bytes", "job_id", id))
                .isEqualTo(c.lastSizeBytes()).isPositive();
        assertThat(running.value("sluice_checkpoint_last_duration_seconds", "job_id", id))
                .isEqualTo(c.lastDurationMs() / 1000.0);
        assertThat(running.value("sluice_checkpoint_last_alignment_seconds", "job_id", id))
                .isEqualTo(c.lastAlignmentMs() / 1000.0);
        assertThat(running.value("sluice_checkpoint_last_sync_seconds", "job_id", id))
                .isEqualTo(c.lastSyncMs() / 1000.0);
        double nativeWhileRunning = running.value(NATIVE);
        assertThat(nativeWhileRunning).as("the reduce's keyed state").isGreaterThanOrEqualTo(SlabAllocator.PAGE_SIZE);

        ScrapedMetrics ended = scrape(metrics);
        assertThat(ended.value(STATE, "job_id", id, "state", "CANCELED")).isEqualTo(1);
        assertThat(ended.value(STATE, "job_id", id, "state", "RUNNING")).isZero();
        assertThat(ended.value("sluice_checkpoints_completed_total", "job_id", id)).isEqualTo(1);
        assertThat(ended.sum(IN, "job_id", id, "operator", "sum")).isEqualTo(client.metrics().recordsIn("sum"))
                .isGreaterThanOrEqualTo(running.sum(IN, "job_id", id, "operator", "sum"));
        assertThat(ended.value(NATIVE)).as("state memory given back when the job ended").isLessThan(nativeWhileRunning);
    }

    @Test
    void shouldReportTheWatermarkAndHowFarItTrailsTheWallClock() throws Exception {
        long eventTimeMs = (System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1)) / 1000 * 1000;
        StreamEnvironment env = environment(1);
        env.fromSource(new UnboundedSource(), WatermarkStrategy.<Long>forMonotonousTimestamps()
                        .withTimestampAssigner((x, ts) -> eventTimeMs), "events")
                .map(x -> x).name("after")
                .sinkTo(DISCARD).name("discard");
        JobClient client = env.executeAsync("event-time");
        RuntimeMetrics metrics = metricsOf(client, "event-time");
        long watermarkMs = eventTimeMs - 1; // monotonous timestamps: the highest seen, minus one
        try {
            await("the first watermark", () -> !scrapeUnchecked(metrics).find(WATERMARK, "operator", "after").isEmpty());
            long beforeMs = System.currentTimeMillis();
            ScrapedMetrics m = scrape(metrics);
            long afterMs = System.currentTimeMillis();
            assertThat(m.value(WATERMARK, "operator", "after")).isCloseTo(watermarkMs / 1000.0, within(1e-6));
            assertThat(m.value(LAG, "operator", "after"))
                    .isBetween((beforeMs - watermarkMs) / 1000.0, (afterMs - watermarkMs) / 1000.0)
                    .isGreaterThan(3600);
        } finally {
            client.cancel();
            client.await(DEADLINE);
        }
    }

    @Test
    void shouldAnswerInOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        StreamEnvironment env = environment(1);
        env.fromSequence(1, 100).sinkTo(new CollectSink<>()).name("collect");
        JobClient client = env.executeAsync("open");
        client.await(DEADLINE);
        RuntimeMetrics metrics = metricsOf(client, "open");
        String accept = "application/openmetrics-text; version=1.0.0";

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(accept, out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(metrics.contentType(accept)).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(text).endsWith("# EOF\n")
                .contains("# TYPE sluice_operator_records_in counter")
                .contains("# UNIT sluice_task_busy_seconds seconds")
                .contains("# TYPE sluice_job_state gauge")
                .containsPattern("sluice_operator_records_in_total\\{[^}]*operator=\"collect\"[^}]*} 100");

        assertThat(metrics.contentType(null)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        ScrapedMetrics plain = scrape(metrics);
        assertThat(plain.text()).doesNotContain("# EOF").contains("# TYPE sluice_operator_records_in_total counter");
        assertThat(plain.value(IN, "operator", "collect")).isEqualTo(100);
    }

    @Test
    void shouldEscapeQuotesAndBackslashesInJobNames() throws Exception {
        String name = "say \"hi\" \\ to\nall";
        StreamEnvironment env = environment(1);
        env.fromSequence(1, 10).sinkTo(new CollectSink<>()).name("collect");
        JobClient client = env.executeAsync(name);
        client.await(DEADLINE);

        ScrapedMetrics m = scrape(metricsOf(client, name));

        assertThat(m.text()).contains("job_name=\"say \\\"hi\\\" \\\\ to\\nall\"");
        assertThat(m.value(IN, "job_name", name, "operator", "collect")).isEqualTo(10);
    }

    @Test
    void shouldReportJvmMetricsInEveryRuntimeOfTheProcess() throws Exception {
        RuntimeMetrics first = new RuntimeMetrics(List::of);
        RuntimeMetrics second = new RuntimeMetrics(List::of);
        for (RuntimeMetrics metrics : List.of(first, second)) {
            ScrapedMetrics m = scrape(metrics);
            assertThat(m.names()).contains("jvm_memory_used_bytes", "jvm_threads_current",
                    "jvm_classes_currently_loaded", "process_cpu_seconds_total", NATIVE);
            assertThat(m.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
            assertThat(m.find(IN)).as("no jobs, no job metrics").isEmpty();
        }
    }

    @Test
    void shouldLeaveOutOnlyAJobWhoseFiguresCannotBeRead() throws Exception {
        StreamEnvironment env = environment(1);
        env.fromSequence(1, 10).sinkTo(new CollectSink<>()).name("collect");
        JobClient good = env.executeAsync("good");
        good.await(DEADLINE);
        JobClient broken = new FakeJobClient("broken-id", JobStatus.RUNNING) {
            @Override
            public io.sluice.api.metrics.JobMetrics metrics() {
                throw new IllegalStateException("no figures");
            }
        };
        RuntimeMetrics metrics = new RuntimeMetrics(() -> List.of(
                new MonitoredJob("broken-id", "broken", broken),
                new MonitoredJob(good.jobId(), "good", good),
                new MonitoredJob(good.jobId(), "good", good))); // listed twice: reported once

        ScrapedMetrics m = scrape(metrics);

        assertThat(m.find(STATE, "job_id", "broken-id")).isEmpty();
        assertThat(m.value(STATE, "job_id", good.jobId(), "state", "FINISHED")).isEqualTo(1);
        assertThat(m.value(IN, "job_id", good.jobId(), "operator", "collect")).isEqualTo(10);
        assertThat(m.names()).contains("jvm_memory_used_bytes");
    }
}
