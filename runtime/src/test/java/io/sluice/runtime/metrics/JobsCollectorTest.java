package io.sluice.runtime.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.api.JobStatus;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector's rules on given figures: names made unique, absent values, units. */
class JobsCollectorTest {

    private static final long NOW_MS = 1_700_000_000_000L;
    private static final String IN = "sluice_operator_records_in_total";

    private static ScrapedMetrics collect(MonitoredJob... jobs) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new JobsCollector(() -> List.of(jobs), () -> NOW_MS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
        return ScrapedMetrics.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static OperatorMetrics operator(String name, int subtask, long in, long watermark) {
        return new OperatorMetrics(name, subtask, in, in, watermark, 0);
    }

    private static TaskMetrics task(String name, int subtask, OperatorMetrics... operators) {
        return new TaskMetrics(name, subtask, 0, 0, 0, 0, 0, List.of(operators), null);
    }

    @Test
    void shouldNumberRepeatedOperatorAndChainNamesInTheirOrder() throws Exception {
        FakeJobClient client = new FakeJobClient("j1", JobStatus.RUNNING);
        String chain = "src -> map -> map";
        client.metrics = new JobMetrics(List.of(
                task(chain, 0, operator("src", 0, 0, Long.MIN_VALUE), operator("map", 0, 1, Long.MIN_VALUE),
                        operator("map", 0, 2, Long.MIN_VALUE)),
                task(chain, 1, operator("src", 1, 0, Long.MIN_VALUE), operator("map", 1, 3, Long.MIN_VALUE),
                        operator("map", 1, 4, Long.MIN_VALUE)),
                // a second chain of the same name, at parallelism 1
                task(chain, 0, operator("src", 0, 0, Long.MIN_VALUE), operator("map", 0, 5, Long.MIN_VALUE),
                        operator("map", 0, 6, Long.MIN_VALUE))));

        ScrapedMetrics m = collect(new MonitoredJob("j1", "job", client));

        assertThat(m.value(IN, "task", chain, "subtask", "0", "operator", "map")).isEqualTo(1);
        assertThat(m.value(IN, "task", chain, "subtask", "0", "operator", "map #2")).isEqualTo(2);
        assertThat(m.value(IN, "task", chain, "subtask", "1", "operator", "map")).isEqualTo(3);
        assertThat(m.value(IN, "task", chain, "subtask", "1", "operator", "map #2")).isEqualTo(4);
        assertThat(m.value(IN, "task", chain + " #2", "subtask", "0", "operator", "map")).isEqualTo(5);
        assertThat(m.value(IN, "task", chain + " #2", "subtask", "0", "operator", "map #2")).isEqualTo(6);
        assertThat(m.find("sluice_task_busy_seconds_total")).hasSize(3);
    }

    @Test
    void shouldReportWatermarksInSecondsAndLeaveOutWhatIsNotKnown() throws Exception {
        FakeJobClient client = new FakeJobClient("j1", JobStatus.RUNNING);
        client.metrics = new JobMetrics(List.of(task("a -> b -> c", 0,
                operator("a", 0, 0, NOW_MS - 2_500), operator("b", 0, 0, Long.MIN_VALUE),
                operator("c", 0, 0, Long.MAX_VALUE))));

        ScrapedMetrics m = collect(new MonitoredJob("j1", "job", client));

        assertThat(m.value("sluice_operator_watermark_seconds", "operator", "a")).isEqualTo((NOW_MS - 2_500) / 1000.0);
        assertThat(m.value("sluice_operator_watermark_lag_seconds", "operator", "a")).isEqualTo(2.5);
        assertThat(m.find("sluice_operator_watermark_seconds", "operator", "b")).as("before the first").isEmpty();
        assertThat(m.find("sluice_operator_watermark_lag_seconds", "operator", "b")).isEmpty();
        assertThat(m.value("sluice_operator_watermark_seconds", "operator", "c")).isInfinite();
        assertThat(m.find("sluice_operator_watermark_lag_seconds", "operator", "c")).as("after the end").isEmpty();
    }

    @Test
    void shouldConvertTimesToSecondsAndLeaveOutLastCheckpointFiguresBeforeTheFirst() throws Exception {
        FakeJobClient none = new FakeJobClient("none", JobStatus.RESTARTING);
        FakeJobClient some = new FakeJobClient("some", JobStatus.RUNNING);
        some.uptimeMs = 90_500;
        some.checkpoints = new CheckpointMetrics(7, 2, 1, 41, 1_250, 4096, 30, 5, 3, 12, "timed out");
        some.metrics = new JobMetrics(List.of(new TaskMetrics("t", 0, 5, 9, 4, 1_500_000_000L, 2_000_000_000L,
                250_000_000L, List.of(), null)));

        ScrapedMetrics m = collect(new MonitoredJob("none", "n", none), new MonitoredJob("some", "s", some));

        assertThat(m.value("sluice_job_state", "job_id", "none", "state", "RESTARTING")).isEqualTo(1);
        assertThat(m.value("sluice_checkpoints_completed_total", "job_id", "none")).isZero();
        assertThat(m.find("sluice_checkpoint_last_duration_seconds", "job_id", "none")).isEmpty();
        assertThat(m.find("sluice_checkpoint_last_completed_id", "job_id", "none")).isEmpty();
        assertThat(m.find("sluice_job_uptime_seconds", "job_id", "none")).as("unknown").isEmpty();

        String[] s = {"job_id", "some", "job_name", "s"};
        assertThat(m.value("sluice_job_uptime_seconds", s)).isEqualTo(90.5);
        assertThat(m.value("sluice_job_restarts_total", s)).isEqualTo(3);
        assertThat(m.value("sluice_checkpoints_completed_total", s)).isEqualTo(7);
        assertThat(m.value("sluice_checkpoints_failed_total", s)).isEqualTo(2);
        assertThat(m.value("sluice_checkpoints_in_progress", s)).isEqualTo(1);
        assertThat(m.value("sluice_checkpoint_last_completed_id", s)).isEqualTo(41);
        assertThat(m.value("sluice_checkpoint_last_duration_seconds", s)).isEqualTo(1.25);
        assertThat(m.value("sluice_checkpoint_last_size_bytes", s)).isEqualTo(4096);
        assertThat(m.value("sluice_checkpoint_last_alignment_seconds", s)).isEqualTo(0.03);
        assertThat(m.value("sluice_checkpoint_last_sync_seconds", s)).isEqualTo(0.005);
        String[] t = {"job_id", "some", "task", "t", "subtask", "0"};
        assertThat(m.value("sluice_task_busy_seconds_total", t)).isEqualTo(1.5);
        assertThat(m.value("sluice_task_idle_seconds_total", t)).isEqualTo(2.0);
        assertThat(m.value("sluice_task_back_pressured_seconds_total", t)).isEqualTo(0.25);
        assertThat(m.value("sluice_task_input_queued_elements", t)).isEqualTo(5);
        assertThat(m.value("sluice_task_output_queued_elements", t)).isEqualTo(9);
        assertThat(m.value("sluice_task_output_overflow_elements", t)).isEqualTo(4);
    }
}
