package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import io.sluice.runtime.testing.UnboundedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several jobs on one {@link WorkerPool}: exact output, isolation of failures and cancels, restarts, the pool's life. */
class WorkerPoolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String POOL_THREAD = "sluice-worker-\\d+";

    /** Names of the threads each job's map ran on, by job name. */
    private static final Map<String, Set<String>> THREADS = new ConcurrentHashMap<>();

    @TempDir
    Path checkpoints;

    /** A map that passes values on and notes the thread it runs on under {@code job}. */
    private static MapFunction<Long, Long> notingThread(String job) {
        THREADS.put(job, ConcurrentHashMap.newKeySet());
        return x -> { // a copy of it runs in the job: it finds the set by name
            THREADS.get(job).add(Thread.currentThread().getName());
            return x;
        };
    }

    /** Drops everything: unbounded jobs run without holding their output. */
    private static final class Discard implements Sink<Long> {
        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> {
            };
        }
    }

    private static StreamEnvironment env(int parallelism, int workers) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(ExecutionOptions.WORKERS, workers);
        return env;
    }

    /** Counts 0..limit-1 in each of two subtasks, through a key-by, into {@code sink}. */
    private static StreamEnvironment countingJob(String name, long limit, CollectSink<Long> sink) {
        StreamEnvironment env = env(2, 2);
        env.fromSource(new UnboundedSource(limit), WatermarkStrategy.noWatermarks(), "counter")
                .keyBy(x -> x % 16)
                .map(notingThread(name)).name("note")
                .sinkTo(sink);
        return env;
    }

    /** Counts forever in each of two subtasks, through a key-by, into a sink named "out" that drops it all. */
    private static StreamEnvironment unboundedJob(String name) {
        return unboundedJob(name, 2, 2);
    }

    private static StreamEnvironment unboundedJob(String name, int parallelism, int workers) {
        StreamEnvironment env = env(parallelism, workers);
        env.fromSource(new UnboundedSource(), WatermarkStrategy.noWatermarks(), "counter")
                .keyBy(x -> x % 16)
                .map(notingThread(name)).name("note")
                .sinkTo(new Discard()).name("out");
        return env;
    }

    /** Records the slowest subtask of the sink has taken: grows only while every subtask makes progress. */
    private static long slowestSink(JobClient job) {
        long min = Long.MAX_VALUE;
        for (TaskMetrics t : job.metrics().tasks()) {
            for (OperatorMetrics o : t.operators()) {
                if (o.operator().equals("out")) {
                    min = Math.min(min, o.recordsIn());
                }
            }
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** Waits until {@code job}'s every sink subtask has taken {@code records} more than it has now. */
    private static void awaitProgress(String what, JobClient job, long records) {
        long from = slowestSink(job);
        await(what, () -> slowestSink(job) >= from + records);
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Every value of 0..limit-1 exactly {@code times} times. */
    private static void assertEachValue(List<Long> values, long limit, int times) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (long v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        assertThat(counts).hasSize((int) limit);
        assertThat(counts.keySet()).allMatch(v -> v >= 0 && v < limit);
        assertThat(counts.values()).as("each value %d times", times).allMatch(c -> c == times);
    }

    private static void assertRanOnPoolOnly(String job) {
        assertThat(THREADS.get(job)).isNotEmpty().allMatch(n -> n.matches(POOL_THREAD), "is a pool thread");
    }

    @Test
    void shouldRunTwoJobsOnTwoThreadsEachWithExactOutput() throws Exception {
        long limit = 50_000;
        try (WorkerPool pool = new WorkerPool(2, "BACKOFF")) {
            LocalJobExecutor executor = new LocalJobExecutor(pool);
            CollectSink<Long> a = new CollectSink<>();
            CollectSink<Long> b = new CollectSink<>();
            JobClient first = executor.submit(countingJob("pool-first", limit, a), "pool-first");
            JobClient second = executor.submit(countingJob("pool-second", limit, b), "pool-second");

            assertThat(first.await(TIMEOUT).status()).isEqualTo(JobStatus.FINISHED);
            assertThat(second.await(TIMEOUT).status()).isEqualTo(JobStatus.FINISHED);
            assertEachValue(a.values(), limit, 2);
            assertEachValue(b.values(), limit, 2);
            assertRanOnPoolOnly("pool-first");
            assertRanOnPoolOnly("pool-second");
            assertThat(((JobRun) first).threads()).as("no threads of its own").isEmpty();
        }
    }

    @Test
    void shouldPlaceEachGroupOnTheLeastLoadedThread() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, "BACKOFF")) {
            LocalJobExecutor executor = new LocalJobExecutor(pool);
            // two tasks each (the source; the map and sink after the key-by) in one group
            JobClient first = executor.submit(unboundedJob("placed-first", 1, 1), "placed-first");
            await("the first job to run", () -> THREADS.get("placed-first").size() == 1);
            JobClient second = executor.submit(unboundedJob("placed-second", 1, 1), "placed-second");
            await("the second job to run", () -> THREADS.get("placed-second").size() == 1);

            assertThat(THREADS.get("placed-first")).containsExactly("sluice-worker-0");
            assertThat(THREADS.get("placed-second")).as("the thread without a task").containsExactly("sluice-worker-1");
            first.cancel();
            second.cancel();
            assertThat(first.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);
            assertThat(second.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);
        }
    }

    @Test
    void shouldFailOnlyTheJobWhoseTaskThrowsWhileTheOtherKeepsRunning() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, "BACKOFF")) {
            LocalJobExecutor executor = new LocalJobExecutor(pool);
            JobClient steady = executor.submit(unboundedJob("steady"), "steady");
            awaitProgress("the steady job to run", steady, 10_000);

            StreamEnvironment env = env(2, 2);
            env.fromSource(new UnboundedSource(), WatermarkStrategy.noWatermarks(), "counter")
                    .map(x -> {
                        if (x == 5_000) {
                            throw new IllegalStateException("bad record " + x);
                        }
                        return x;
                    }).name("parse")
                    .rebalance()
                    .sinkTo(new Discard());
            JobClient failing = executor.submit(env, "failing");
            assertThatThrownBy(() -> failing.await(TIMEOUT))
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("job 'failing' failed")
                    .hasRootCauseMessage("bad record 5000");
            assertThat(failing.status()).isEqualTo(JobStatus.FAILED);

            awaitProgress("the steady job to go on after the failure", steady, 100_000);
            assertThat(pool.threads()).allMatch(Thread::isAlive);
            steady.cancel();
            assertThat(steady.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);
            assertRanOnPoolOnly("steady");
        }
    }

    @Test
    void shouldCancelOneJobWithoutStoppingTheOther() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, "BACKOFF")) {
            LocalJobExecutor executor = new LocalJobExecutor(pool);
            JobClient cancelled = executor.submit(unboundedJob("cancelled"), "cancelled");
            JobClient kept = executor.submit(unboundedJob("kept"), "kept");
            awaitProgress("the first job to run", cancelled, 10_000);
            awaitProgress("the second job to run", kept, 10_000);

            cancelled.cancel();
            assertThat(cancelled.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);
            awaitProgress("the other job to go on after the cancel", kept, 100_000);
            assertThat(pool.threads()).allMatch(Thread::isAlive);

            kept.cancel();
            assertThat(kept.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);
        }
    }

    @Test
    void shouldRestartAFailedJobOnThePoolAndCommitEveryRecordOnce() throws Exception {
        long count = 30_000;
        int failures = 2;
        try (WorkerPool pool = new WorkerPool(2, "BACKOFF")) {
            LocalJobExecutor executor = new LocalJobExecutor(pool);
            JobClient steady = executor.submit(unboundedJob("beside-restarts"), "beside-restarts");

            FailingSequenceSource source = new FailingSequenceSource(count, 4, 20, failures);
            TransactionalCollectSink sink = new TransactionalCollectSink();
            StreamEnvironment env = env(2, 2);
            env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(100))
                    .set(CheckpointingOptions.DIRECTORY, checkpoints.toString())
                    .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                    .set(RestartOptions.ATTEMPTS, failures)
                    .set(RestartOptions.DELAY, Duration.ofMillis(10));
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence")
                    .map(notingThread("restarting"))
                    .rebalance()
                    .map(x -> Long.toString(x))
                    .sinkTo(sink);
            JobClient restarting = executor.submit(env, "restarting");

            assertThat(restarting.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);
            assertThat(source.failuresLeft()).as("every injected failure happened").isLessThanOrEqualTo(0);
            assertThat(restarting.checkpointMetrics().restarts()).isEqualTo(failures);
            List<Long> committed = new ArrayList<>();
            for (String s : sink.committed()) {
                committed.add(Long.parseLong(s));
            }
            assertEachValue(committed, count, 1);
            assertRanOnPoolOnly("restarting");

            awaitProgress("the job beside the restarts to go on", steady, 10_000);
            steady.cancel();
            assertThat(steady.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);
        }
    }

    @Test
    void shouldKeepItsThreadsIdleAfterTheJobsEndAndEndThemOnClose() throws Exception {
        WorkerPool pool = new WorkerPool(2, "BACKOFF");
        LocalJobExecutor executor = new LocalJobExecutor(pool);
        JobClient bounded = executor.submit(countingJob("short", 10_000, new CollectSink<>()), "short");
        JobClient unbounded = executor.submit(unboundedJob("long"), "long");
        assertThat(bounded.await(TIMEOUT).status()).isEqualTo(JobStatus.FINISHED);
        unbounded.cancel();
        assertThat(unbounded.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);

        await("every group to leave the pool", () -> pool.load() == 0);
        assertThat(pool.threads()).hasSize(2).allMatch(Thread::isAlive)
                .extracting(Thread::getName).containsExactly("sluice-worker-0", "sluice-worker-1");
        // a thread parks only in an idle round that follows rounds without work: busy threads never do
        await("both threads to park", () -> pool.threads().stream()
                .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));

        pool.close();
        assertThat(pool.threads()).noneMatch(Thread::isAlive);
        pool.close(); // idempotent
        assertThatThrownBy(() -> executor.submit(unboundedJob("too-late"), "too-late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker pool is closed");
    }

    @Test
    void shouldStopTheJobsStillRunningWhenClosed() throws Exception {
        WorkerPool pool = new WorkerPool(1, "SLEEP");
        JobClient running = new LocalJobExecutor(pool).submit(unboundedJob("left-running"), "left-running");
        awaitProgress("the job to run", running, 10_000);

        pool.close();
        assertThat(running.await(TIMEOUT).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(pool.threads()).noneMatch(Thread::isAlive);
    }

    @Test
    void shouldRejectABadSizeOrIdleStrategy() {
        assertThatThrownBy(() -> new WorkerPool(0, "BACKOFF"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a worker pool of 0 threads: it needs 1 to 4096");
        assertThatThrownBy(() -> new WorkerPool(1, "nap"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("execution.idle-strategy");
    }
}
