package io.sluice.benchmarks.harness;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    private static String throughput(String engine, double eventsPerSecond, Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("parallelism", 1);
        config.put("events", 20_000_000);
        config.putAll(extra);
        return new Result(engine, Workload.W1, config, eventsPerSecond, null).toLine();
    }

    @Test
    void shouldParseTheLinesItsResultsPrint() {
        Histogram h = new Histogram(1, LatencyRecorder.HIGHEST_NANOS, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1_000L); // 1..1000 µs
        }
        String line = new Result("flink", Workload.W3, Map.of("parallelism", 2, "buffer_timeout_ms", 0), 1e6, h)
                .toLine();

        List<ResultTable.Run> runs = ResultTable.parse(List.of("noise", "[main] " + line));

        assertThat(runs).hasSize(1);
        ResultTable.Run run = runs.get(0);
        assertThat(run.engine()).isEqualTo("flink");
        assertThat(run.workload()).isEqualTo("W3");
        assertThat(run.shape()).isEqualTo("parallelism=2");
        assertThat(run.variant()).isEqualTo("flink buffer_timeout_ms=0");
        assertThat(run.figures().get("events_per_s")).isEqualTo(1e6);
        assertThat(run.figures().get("p50_us")).isBetween(499.0, 501.0);
        assertThat(run.figures().get("max_us")).isBetween(999.0, 1001.0);
    }

    @Test
    void shouldPrintMediansAndTheRatioToEachFlinkVariant() {
        List<String> lines = new ArrayList<>();
        for (double v : new double[] {50e6, 70e6, 60e6}) {
            lines.add(throughput("sluice", v, Map.of()));
        }
        for (double v : new double[] {10e6, 9e6, 11e6}) {
            lines.add(throughput("flink", v, Map.of("object_reuse", false, "buffer_timeout_ms", -1)));
        }
        for (double v : new double[] {30e6, 30e6, 30e6}) {
            lines.add(throughput("flink", v, Map.of("object_reuse", true, "buffer_timeout_ms", -1)));
        }

        String table = ResultTable.render(ResultTable.parse(lines));

        assertThat(table).contains("W1  parallelism=1 events=20000000");
        assertThat(table).containsPattern("sluice\\s+3\\s+60.0M \\[50.0M–70.0M]");
        assertThat(table).containsPattern("flink\\s+3\\s+10.0M \\[9.0M–11.0M]");
        assertThat(table).containsPattern("sluice/flink\\s+6.00x");
        assertThat(table).containsPattern("sluice/flink object_reuse=true\\s+2.00x");
    }

    @Test
    void shouldShowW4CheckpointFiguresUnderItsLatencies() {
        Histogram h = new Histogram(1, LatencyRecorder.HIGHEST_NANOS, 3);
        h.recordValue(1_000);
        List<String> lines = new ArrayList<>();
        for (long duration : new long[] {12, 30, 14}) {
            Map<String, Object> cp = new LinkedHashMap<>();
            cp.put("cp_completed", 30L);
            cp.put("cp_failed", 0L);
            cp.put("cp_duration_ms_p50", duration);
            cp.put("cp_duration_ms_max", 2 * duration);
            cp.put("cp_size_bytes_p50", 163_840L);
            cp.put("cp_alignment_ms_p50", 0L);
            cp.put("cp_alignment_ms_max", null);
            lines.add(new Result("sluice", Workload.W4, Map.of("parallelism", 2), 1e6, h, cp).toLine());
        }
        lines.add(new Result("sluice", Workload.W3, Map.of("parallelism", 2), 1e6, h).toLine());

        List<ResultTable.Run> runs = ResultTable.parse(lines);
        assertThat(runs.get(0).figures()).containsEntry("cp_completed", 30.0).containsEntry("cp_duration_ms_max", 24.0)
                .doesNotContainKey("cp_alignment_ms_max");
        String table = ResultTable.render(runs);

        assertThat(table).containsOnlyOnce("checkpoints in the measured window");
        assertThat(table).containsPattern("duration p50 ms\\s+duration max ms");
        assertThat(table).containsPattern("sluice\\s+3\\s+30\\s+0\\s+14 \\[12–30]\\s+28 \\[24–60]\\s+164k\\s+0\\s+-");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(ResultTable.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
        assertThat(ResultTable.median(new double[] {4})).isEqualTo(4);
    }
}
