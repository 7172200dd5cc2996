package io.sluice.runtime.task;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Time on a worker: read once a round by the worker, never by a task; processing time never goes back. */
class WorkerClockTest {

    @TempDir
    Path checkpoints;

    @Test
    void processingTimeMovesOnlyWhenTheWorkerTicks() throws Exception {
        CollectSink<String> fired = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSequence(1, Long.MAX_VALUE).keyBy(v -> 0L).process(new TimerInOneMs()).sinkTo(fired);
        try (ManualTasks job = new ManualTasks(env, checkpoints)) {
            job.clock.tick();
            long registeredAtMs = job.clock.nowMs();
            // far longer than the timer's 1 ms: a task reading the clock itself would fire it here
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                job.round();
            }
            assertThat(fired.values()).as("no tick, no processing time passes").isEmpty();

            job.clock.tick();
            for (int i = 0; i < 10 && fired.size() == 0; i++) {
                job.round();
            }
            assertThat(fired.values()).containsExactly("fired at " + job.clock.nowMs());
            assertThat(job.clock.nowMs()).isGreaterThan(registeredAtMs);
        }
    }

    /** Sets a processing-time timer 1 ms ahead; says when it fired. */
    private static final class TimerInOneMs extends KeyedProcessFunction<Long, Long, String> {
        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 1);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("fired at " + ctx.timerService().currentProcessingTime());
        }
    }

    @Test
    void lapsAndTicksNeverGoBackAndFollowTheWallClock() {
        WorkerClock clock = new WorkerClock();
        long ms = clock.nowMs();
        long ns = clock.nowNs();
        for (int i = 0; i < 100_000; i++) {
            if ((i & 1) == 0) {
                clock.tick();
            } else {
                assertThat(clock.lap()).isEqualTo(clock.nowNs());
            }
            assertThat(clock.nowMs()).isGreaterThanOrEqualTo(ms);
            assertThat(clock.nowNs()).isGreaterThanOrEqualTo(ns);
            ms = clock.nowMs();
            ns = clock.nowNs();
        }
        long wall = System.currentTimeMillis();
        clock.tick();
        assertThat(clock.nowMs()).isBetween(wall - 5, wall + 5);
    }
}
