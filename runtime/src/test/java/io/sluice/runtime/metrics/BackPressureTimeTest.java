package io.sluice.runtime.metrics;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.SlowSink;
import io.sluice.runtime.testing.UnboundedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task held back by a slow consumer counts the time it could not go on; a task that is never held
 * back counts none. The slow sink takes at least {@code count * 20 µs}, and the source, whose ring
 * into the sink holds 64 elements, spends nearly all of that waiting for room.
 */
class BackPressureTimeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String BACK_PRESSURED = "sluice_task_back_pressured_seconds_total";

    @TempDir
    Path dir;

    private StreamEnvironment environment() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, 64);
        env.set(ExecutionOptions.WORKERS, 2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.toString());
        return env;
    }

    @Test
    void shouldCountTheTimeASourceWaitedForASlowSink() throws Exception {
        long count = 5_000;
        long nanosPerElement = 20_000;
        StreamEnvironment env = environment();
        SlowSink sink = new SlowSink(16, nanosPerElement);
        env.fromSource(new UnboundedSource(count), WatermarkStrategy.noWatermarks(), "fast-source")
                .rebalance()
                .sinkTo(sink).name("slow-sink");
        JobClient client = env.executeAsync("held-back");
        client.await(DEADLINE);
        assertThat(sink.received()).hasSize((int) count);

        ScrapedMetrics m = ScrapedMetrics.scrape(new RuntimeMetrics(
                () -> List.of(new MonitoredJob(client.jobId(), "held-back", client))));

        double sinkSeconds = count * nanosPerElement / 1e9;
        double source = m.value(BACK_PRESSURED, "task", "fast-source", "subtask", "0");
        assertThat(source).as("time the source waited for room (the sink needs at least %.2f s)", sinkSeconds)
                .isGreaterThan(sinkSeconds / 4)
                .isLessThanOrEqualTo(m.value("sluice_task_idle_seconds_total", "task", "fast-source", "subtask", "0"));
        assertThat(m.value(BACK_PRESSURED, "task", "slow-sink", "subtask", "0"))
                .as("the sink has no output to wait for").isZero();
    }

    @Test
    void shouldCountNoTimeWhenTheOutputAlwaysHasRoom() throws Exception {
        StreamEnvironment env = environment();
        env.set(ExecutionOptions.CHANNEL_CAPACITY, 4096);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 1000)
                .rebalance()
                .sinkTo(sink).name("collect");
        JobClient client = env.executeAsync("free-flowing");
        client.await(DEADLINE);

        ScrapedMetrics m = ScrapedMetrics.scrape(new RuntimeMetrics(
                () -> List.of(new MonitoredJob(client.jobId(), "free-flowing", client))));

        assertThat(sink.size()).isEqualTo(1000);
        assertThat(m.value(BACK_PRESSURED, "task", "sequence", "subtask", "0")).isZero();
        assertThat(m.value(BACK_PRESSURED, "task", "collect", "subtask", "0")).isZero();
    }
}
