package io.sluice.runtime.it;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.UnboundedSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureAndCancellationTest implements java.io.Serializable {

    private static List<String> liveWorkerThreads(String jobName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("sluice-worker-" + jobName + "-"))
                .collect(Collectors.toList());
    }

    /** Waits, with a deadline, until the condition holds. */
    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void shouldFailTheJobNamingTheOperatorSubtaskAndCause() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSource(new UnboundedSource(), io.sluice.api.time.WatermarkStrategy.noWatermarks(), "counter")
                .map(x -> {
                    if (x == 5_000) {
                        throw new IllegalStateException("bad record " + x);
                    }
                    return x;
                }).name("parse")
                .rebalance()
                .sinkTo(new CollectSink<>());
        JobClient client = env.executeAsync("failing-job");
        assertThatThrownBy(() -> client.await(Duration.ofSeconds(30)))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("job 'failing-job' failed")
                .hasMessageContaining("operator 'parse' (subtask ")
                .hasMessageContaining("/2) failed: java.lang.IllegalStateException: bad record 5000")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(client.status()).isEqualTo(JobStatus.FAILED);
        await("worker threads to end", () -> liveWorkerThreads("failing-job").isEmpty());
    }

    @Test
    void shouldFailWhenKeyedStateIsUsedOnANonKeyedStream() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromElements(1, 2, 3)
                .map(new io.sluice.api.functions.MapFunction<Integer, Integer>() {
                    @Override
                    public void open(io.sluice.api.functions.RuntimeContext ctx) {
                        ctx.getState(new io.sluice.api.state.ValueStateDescriptor<>("count", Long.class));
                    }

                    @Override
                    public Integer map(Integer value) {
                        return value;
                    }
                }).name("stateful-map")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(() -> env.execute("state-on-non-keyed"))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("'stateful-map' (subtask 1/1)")
                .hasMessageContaining("keyed state needs keyBy(...) before the operator");
    }

    @Test
    void shouldStopEveryThreadWhenCancelled() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(new UnboundedSource(), io.sluice.api.time.WatermarkStrategy.noWatermarks(), "counter")
                .keyBy(x -> x % 16)
                .map(x -> x + 1)
                .sinkTo(sink);
        JobClient client = env.executeAsync("cancelled-job");
        await("some output", () -> sink.size() > 10_000);
        assertThat(client.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(liveWorkerThreads("cancelled-job")).isNotEmpty();
        client.cancel();
        JobResult result = client.await(Duration.ofSeconds(30));
        assertThat(result.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(client.status()).isEqualTo(JobStatus.CANCELED);
        await("worker threads to end", () -> liveWorkerThreads("cancelled-job").isEmpty());
    }
}
