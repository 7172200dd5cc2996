package io.sluice.runtime.it;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.SlowSink;
import io.sluice.runtime.testing.UnboundedSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fast source and a slow sink: the sink's slowness must travel back to the source through the
 * rings (the source may run ahead of the sink by no more than what the rings and the sink's queue
 * hold), nothing may be dropped, and the output must be exact.
 */
class BackPressureTest {

    @Test
    void shouldSlowTheSourceToTheSinkWithBoundedBuffersAndLoseNothing() throws Exception {
        final int ringCapacity = 64;
        final int sinkQueue = 16;
        final long count = 20_000;
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, ringCapacity);
        env.set(ExecutionOptions.WORKERS, 2);
        SlowSink sink = new SlowSink(sinkQueue, 20_000); // 20 µs per element: the source could be 100x faster
        env.fromSource(new UnboundedSource(count), WatermarkStrategy.noWatermarks(), "fast-source")
                .map(x -> x).name("pass")
                .rebalance()            // a ring between source task and a middle task
                .map(x -> x).name("middle")
                .disableChaining()
                .rebalance()            // and another ring before the sink task
                .sinkTo(sink).name("slow-sink");
        JobClient client = env.executeAsync("back-pressure");

        // Two rings of 64, one element of overflow per task, the sink's queue and the one the device holds.
        long bound = 2L * ringCapacity + 2 + sinkQueue + 1;
        long maxLag = 0;
        long samples = 0;
        while (!client.status().isTerminal()) {
            JobMetrics m = client.metrics();
            long produced = m.recordsOut("pass");
            long delivered = sink.received().size();
            maxLag = Math.max(maxLag, produced - delivered);
            samples++;
            Thread.onSpinWait();
        }
        client.await(Duration.ofSeconds(60));
        assertThat(samples).isGreaterThan(10);
        assertThat(maxLag).as("how far the source ran ahead of the slow sink").isLessThanOrEqualTo(bound)
                .isGreaterThan(ringCapacity); // the buffers did fill: back-pressure was really exercised
        assertThat(sink.maxQueued()).isLessThanOrEqualTo(sinkQueue);
        assertThat(sink.received()).containsExactlyElementsOf(
                LongStream.range(0, count).boxed().collect(Collectors.toList()));
    }
}
