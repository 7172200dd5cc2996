package io.sluice.runtime.checkpoint;

import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessJoinFunction;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joins through failures and restores. Both inputs carry 0..n-1 with the value as timestamp, keyed
 * by {@code v % KEYS}; an interval join (right within -JOIN_BOUND..+JOIN_BOUND ms of left) or a
 * tumbling window join pairs them, and a transactional sink commits "left:right". Exactly once
 * means the committed pairs are exactly the oracle's, each once: the elements waiting in the
 * join's state (buffers, windows) and its timers survive the restore, at the same or another
 * parallelism.
 */
class JoinRecoveryTest {

    private static final int KEYS = 7;
    private static final long JOIN_BOUND = 10;
    private static final long WINDOW = 20;

    @TempDir
    Path dir;

    static final class Pair extends ProcessJoinFunction<Long, Long, String> {
        @Override
        public void processElement(Long left, Long right, Context ctx, Collector<String> out) {
            out.collect(left + ":" + right);
        }
    }

    static void build(StreamEnvironment env, boolean intervalJoin, FailingSequenceSource first,
                      FailingSequenceSource second, Sink<String> sink) {
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(5));
        // one reader each, so each input's values come in order and are never late
        WatermarkStrategy<Long> time = WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(10))
                .withTimestampAssigner((v, ts) -> v);
        DataStream<Long> left = env.fromSource(first, time, "left").uid("left").setParallelism(1);
        DataStream<Long> right = env.fromSource(second, time, "right").uid("right").setParallelism(1);
        DataStream<String> joined = intervalJoin
                ? left.keyBy(v -> v % KEYS).intervalJoin(right.keyBy(v -> v % KEYS))
                        .between(Duration.ofMillis(-JOIN_BOUND), Duration.ofMillis(JOIN_BOUND)).process(new Pair())
                : left.join(right).where(v -> v % KEYS).equalTo(v -> v % KEYS)
                        .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                        .apply((l, r) -> l + ":" + r);
        joined.uid("join").sinkTo(sink);
    }

    static List<String> oracle(boolean intervalJoin, long count) {
        List<String> out = new ArrayList<>();
        for (long l = 0; l < count; l++) {
            for (long r = Math.max(0, l - WINDOW); r < Math.min(count, l + WINDOW + 1); r++) {
                boolean match = intervalJoin ? Math.abs(r - l) <= JOIN_BOUND : l / WINDOW == r / WINDOW;
                if (r % KEYS == l % KEYS && match) {
                    out.add(l + ":" + r);
                }
            }
        }
        out.sort(null);
        return out;
    }

    static void assertExactlyOnce(List<String> committed, boolean intervalJoin, long count) {
        List<String> sorted = new ArrayList<>(committed);
        sorted.sort(null);
        assertThat(sorted).isEqualTo(oracle(intervalJoin, count));
    }

    @ParameterizedTest(name = "interval join: {0}")
    @CsvSource({"true", "false"})
    void everyPairIsCommittedExactlyOnceAcrossInjectedFailures(boolean intervalJoin) throws Exception {
        long count = 8_000;
        int failures = 2;
        FailingSequenceSource first = new FailingSequenceSource(count, 4, 8, failures);
        FailingSequenceSource second = new FailingSequenceSource(count, 4, 8, 0);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 50, failures);
        build(env, intervalJoin, first, second, sink);
        JobClient job = env.executeAsync("join-recovery");
        assertThat(job.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(first.failuresLeft()).as("every injected failure happened").isLessThanOrEqualTo(0);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        assertExactlyOnce(sink.committed(), intervalJoin, count);
    }

    /** A savepoint of the join taken at parallelism 2 restores at 1 and at 3. */
    @ParameterizedTest(name = "interval join: {0}, restored at parallelism {1}")
    @CsvSource({"true, 1", "true, 3", "false, 1", "false, 3"})
    void joinStateContinuesExactlyAtAnotherParallelism(boolean intervalJoin, int parallelism) throws Exception {
        long count = 6_000;
        Path savepoint = dir.resolve("savepoint");
        FailingSequenceSource first = new FailingSequenceSource(count, 4, 2, 0);
        String store = java.util.UUID.randomUUID().toString();
        TransactionalCollectSink before = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        build(env, intervalJoin, first, new FailingSequenceSource(count, 4, 2, 0), before);
        JobClient job = env.executeAsync("join-savepoint-p2");
        assertThat(first.awaitEmitted(1_024, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        Path written = job.stopWithSavepoint(savepoint).get();
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(written).isEqualTo(savepoint);
        assertThat(before.committed()).as("nothing after the savepoint is committed")
                .hasSizeLessThan(oracle(intervalJoin, count).size());

        TransactionalCollectSink after = new TransactionalCollectSink(store); // the same external system
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(again, intervalJoin, new FailingSequenceSource(count, 4, 1_000, 0),
                new FailingSequenceSource(count, 4, 1_000, 0), after);
        JobClient restored = again.executeAsync("join-savepoint-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();

        assertExactlyOnce(after.committed(), intervalJoin, count);
    }
}
