package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.SlowSink;
import io.sluice.runtime.testing.UnboundedSource;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker waits for input with its configured idle strategy, but backs off when every task on it
 * waits for room in a full output ring, even when told to busy-spin: first the rule itself, then a
 * busy-spinning job whose source is held back by a slow sink, on dedicated threads and on a pool,
 * whose source thread is found parked in the backoff.
 */
class WorkerIdleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Records the calls an idle strategy gets. */
    private static final class Recording implements IdleStrategy {
        final List<String> calls = new ArrayList<>();

        @Override
        public void idle(int workCount) {
            calls.add("idle(" + workCount + ")");
        }

        @Override
        public void idle() {
            calls.add("idle()");
        }

        @Override
        public void reset() {
            calls.add("reset");
        }
    }

    @Test
    void shouldBackOffOnlyWhenARoundDidNothingAndEveryTaskWaitsForRoom() {
        Recording configured = new Recording();
        Recording backoff = new Recording();
        WorkerIdle idle = new WorkerIdle(configured, backoff);

        idle.idle(0, () -> true); // held back, nothing done: back off
        idle.idle(0, () -> true);
        idle.idle(3, () -> false); // work again: the configured strategy, and the backoff starts over
        idle.idle(0, () -> false); // waiting for input: the configured strategy

        assertThat(backoff.calls).containsExactly("idle(0)", "idle(0)", "reset", "reset");
        assertThat(configured.calls).containsExactly("idle(3)", "idle(0)");
    }

    @Test
    void shouldKeepTheConfiguredStrategyWhenItBacksOffItself() {
        Recording configured = new Recording();
        WorkerIdle idle = new WorkerIdle(configured, null);

        idle.idle(0, () -> true);
        idle.idle(2, () -> false);

        assertThat(configured.calls).containsExactly("idle(0)", "idle(2)");
    }

    @Test
    void shouldParkABusySpinningSourceHeldBackBySlowSinkOnItsOwnThread() throws Exception {
        String job = "held-back-busy-spin";
        JobClient client = heldBackJob(job).executeAsync(job);
        try {
            awaitParkedInBackoff(() -> threadsNamed("sluice-worker-" + job + "-"));
        } finally {
            client.cancel();
            assertThat(client.await(DEADLINE).status()).isEqualTo(JobStatus.CANCELED);
        }
    }

    @Test
    void shouldParkABusySpinningPoolThreadWhoseTasksAreHeldBack() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, "BUSY_SPIN")) {
            JobClient client = new LocalJobExecutor(pool).submit(heldBackJob("held-back-pool"), "held-back-pool");
            try {
                awaitParkedInBackoff(pool::threads);
            } finally {
                client.cancel();
                assertThat(client.await(DEADLINE).status()).isEqualTo(JobStatus.CANCELED);
            }
        }
    }

    /** A fast source into a sink that takes 50 µs per element, through a ring of 64 slots, busy-spinning. */
    private static StreamEnvironment heldBackJob(String name) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.IDLE_STRATEGY, IdleStrategyKind.BUSY_SPIN);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, 64);
        env.fromSource(new UnboundedSource(Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "fast-source")
                .rebalance()
                .sinkTo(new SlowSink(16, 50_000)).name("slow-sink");
        return env;
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    /** Waits until one of the threads is seen inside the backoff idle strategy (spinning, yielding or parked). */
    private static void awaitParkedInBackoff(Supplier<List<Thread>> threads) throws Exception {
        Conditions.await("a worker thread of the busy-spinning job is seen in the backoff, its source waiting for"
                + " the slow sink", DEADLINE, () -> threads.get().stream().anyMatch(t -> Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getClassName().endsWith("BackoffIdleStrategy"))));
    }
}
