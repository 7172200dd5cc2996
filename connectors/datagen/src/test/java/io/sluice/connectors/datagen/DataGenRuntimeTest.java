package io.sluice.connectors.datagen;

import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.time.WatermarkStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sources under the runtime found on the test classpath (through {@code execute}, no runtime imports). */
class DataGenRuntimeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldDeliverEveryIndexOnceThroughTheRuntime() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        CollectingSink<Long> sink = new CollectingSink<>();
        env.fromSource(DataGenSource.of(i -> i, 20_000), WatermarkStrategy.noWatermarks(), "datagen")
                .sinkTo(sink);

        assertThat(env.executeAsync("datagen-it").await(DEADLINE).status()).isEqualTo(JobStatus.FINISHED);

        assertThat(sink.elements()).containsExactlyInAnyOrderElementsOf(DataGenSourceTest.range(0, 20_000));
    }

    @Test
    void shouldPaceTheRateSourceAndStampRowsWithTheirScheduledTime() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectingSink<RateEvent> sink = new CollectingSink<>();
        env.fromSource(RateSource.of(1000).limit(300), WatermarkStrategy.forMonotonousTimestamps(), "rate")
                .sinkTo(sink);

        long startNs = System.nanoTime();
        assertThat(env.executeAsync("rate-it").await(DEADLINE).status()).isEqualTo(JobStatus.FINISHED);
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;

        // Row 299 is due 299 ms after the readers start (less 1 ms of clock granularity): no sooner end.
        assertThat(elapsedMs).isGreaterThanOrEqualTo(298);
        List<CollectingSink.Received<RateEvent>> rows = sink.received();
        assertThat(rows).extracting(r -> r.element().value())
                .containsExactlyInAnyOrderElementsOf(DataGenSourceTest.range(0, 300));
        assertThat(rows).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(r.element().timestamp()));
    }
}
