package io.sluice.runtime.metrics;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.functions.Collector;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.UnboundedSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flatMap that emits {@value #FAN_OUT} records per input into a ring of {@value #RING} toward a
 * sink that takes nothing yet: the ring fills, the rest of that one input's output waits in the
 * task's overflow, and the task takes no more input. {@code TaskMetrics.outputOverflow} and
 * {@code sluice_task_output_overflow_elements} show exactly that much while it waits, and 0 once
 * the sink has taken everything, which arrives exactly once and in order.
 */
class OutputOverflowMetricTest {

    private static final int RING = 64;
    private static final int FAN_OUT = 5_000;
    private static final int INPUTS = 3;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Whether the gated sink's writer takes elements (static: sinks are copied into their subtasks). */
    private static final AtomicBoolean OPEN = new AtomicBoolean();
    private static final ConcurrentLinkedQueue<Long> RECEIVED = new ConcurrentLinkedQueue<>();

    @Test
    void shouldShowWhatWaitsInTheOverflowWhileDownstreamTakesNothingAndZeroOnceDrained() throws Exception {
        OPEN.set(false);
        RECEIVED.clear();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, RING);
        env.set(ExecutionOptions.WORKERS, 2);
        env.fromSource(new UnboundedSource(INPUTS), WatermarkStrategy.noWatermarks(), "gen")
                .flatMap((Long x, Collector<Long> out) -> {
                    for (int i = 0; i < FAN_OUT; i++) {
                        out.collect(x * FAN_OUT + i);
                    }
                }).name("explode")
                .rebalance()
                .sinkTo(new GatedSink()).name("gated");
        JobClient client = env.executeAsync("overflow");

        long expected = FAN_OUT - RING; // the first input's output beyond the full ring
        Conditions.await("the overflow holds " + expected + " elements", DEADLINE,
                () -> overflowOf(client.metrics()) == expected);
        TaskMetrics producer = explodeTask(client.metrics());
        assertThat(producer.outputFill()).as("ring plus overflow").isEqualTo(FAN_OUT);
        ScrapedMetrics m = ScrapedMetrics.scrape(new RuntimeMetrics(
                () -> List.of(new MonitoredJob(client.jobId(), "overflow", client))));
        assertThat(m.value("sluice_task_output_overflow_elements", "task", producer.task(), "subtask", "0"))
                .isEqualTo(expected);
        assertThat(m.value("sluice_task_output_overflow_elements", "task", "gated", "subtask", "0"))
                .as("a sink has no output").isZero();

        OPEN.set(true);
        JobResult result = client.await(DEADLINE);
        assertThat(overflowOf(result.metrics())).isZero();
        List<Long> all = new ArrayList<>();
        for (long v = 0; v < (long) INPUTS * FAN_OUT; v++) {
            all.add(v);
        }
        assertThat(new ArrayList<>(RECEIVED)).containsExactlyElementsOf(all);
    }

    private static TaskMetrics explodeTask(JobMetrics metrics) {
        return metrics.tasks().stream().filter(t -> t.task().contains("explode")).findFirst().orElseThrow();
    }

    private static long overflowOf(JobMetrics metrics) {
        return explodeTask(metrics).outputOverflow();
    }

    /** Not ready until {@link #OPEN}; then keeps everything. */
    private static final class GatedSink implements Sink<Long> {
        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Long element, long timestamp) {
                    if (!OPEN.get()) {
                        throw new IllegalStateException("write() while the writer said it was not ready");
                    }
                    RECEIVED.add(element);
                }

                @Override
                public boolean isReady() {
                    return OPEN.get();
                }
            };
        }
    }
}
