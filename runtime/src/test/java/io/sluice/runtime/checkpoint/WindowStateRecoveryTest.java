package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.CountEvictor;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state of evicting windows, of a window function's {@code windowState()} and
 * {@code globalState()}, and of {@code countWindow(size, slide)}, through failures and restores
 * from checkpoints, and through savepoints restored at other parallelisms: every result is
 * committed exactly once. The source has one split, so each key's values arrive in order and every
 * result, even of a count window or count evictor, is known in advance.
 */
class WindowStateRecoveryTest {

    private static final int KEYS = 5;

    @TempDir
    Path dir;

    /** The sum and count of the elements of a window, with its start. */
    static final class SumWindow extends ProcessWindowFunction<Long, String, Long, TimeWindow> {
        @Override
        public void process(Long key, Context context, Iterable<Long> elements, Collector<String> out) {
            long sum = 0;
            long n = 0;
            for (long v : elements) {
                sum += v;
                n++;
            }
            out.collect(key + "@" + context.window().start() + "=" + sum + "/" + n);
        }
    }

    @Test
    void anEvictingWindowKeepsExactlyItsElementsAcrossInjectedFailures() throws Exception {
        long count = 60_000;
        int failures = 3;
        int keep = 7;
        FailingSequenceSource source = new FailingSequenceSource(count, 1, 40, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 100, failures);
        env.fromSource(source, WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(5))
                        .withTimestampAssigner((v, ts) -> v / 10), "sequence")
                .keyBy(v -> v % KEYS)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .evictor(CountEvictor.of(keep))
                .process(new SumWindow())
                .sinkTo(sink);
        JobClient job = env.executeAsync("evicting-window-with-failures");
        JobResult result = job.await(Duration.ofMinutes(2));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        // each key's values arrive in order: a window keeps the last `keep` of them
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            for (long start = 0; start * 10 < count; start += 100) {
                List<Long> values = new ArrayList<>();
                for (long v = start * 10; v < Math.min(count, (start + 100) * 10); v++) {
                    if (v % KEYS == key) {
                        values.add(v);
                    }
                }
                List<Long> kept = values.subList(Math.max(0, values.size() - keep), values.size());
                expected.add(key + "@" + start + "=" + kept.stream().mapToLong(Long::longValue).sum() + "/"
                        + kept.size());
            }
        }
        assertExactly(sink.committed(), expected);
    }

    /**
     * Fires every 50 elements of a window; emits the number of the firing from {@code windowState()}
     * with the count so far, and the number of earlier firings of the key from {@code globalState()}.
     */
    static final class NumberedFirings extends ProcessWindowFunction<Long, String, Long, TimeWindow> {
        private static final ValueStateDescriptor<Integer> FIRINGS =
                new ValueStateDescriptor<>("firings", Serializers.INT);
        private static final ValueStateDescriptor<Long> OF_KEY =
                new ValueStateDescriptor<>("firings-of-key", Serializers.LONG);

        @Override
        public void process(Long key, Context context, Iterable<Long> elements, Collector<String> out) {
            long n = 0;
            for (long ignored : elements) {
                n++;
            }
            ValueState<Integer> firings = context.windowState().getState(FIRINGS);
            int firing = firings.value() == null ? 1 : firings.value() + 1;
            firings.update(firing);
            ValueState<Long> ofKey = context.globalState().getState(OF_KEY);
            long earlier = ofKey.value() == null ? 0 : ofKey.value();
            ofKey.update(earlier + 1);
            out.collect("w:" + key + "@" + context.window().start() + "#" + firing + ":" + n);
            out.collect("g:" + key + ":" + earlier);
        }
    }

    @Test
    void windowStateAndGlobalStateContinueExactlyAcrossInjectedFailures() throws Exception {
        long count = 60_000;
        int failures = 3;
        FailingSequenceSource source = new FailingSequenceSource(count, 1, 40, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 100, failures);
        buildNumberedFiringsJob(env, source, sink);
        JobClient job = env.executeAsync("window-state-with-failures");
        JobResult result = job.await(Duration.ofMinutes(2));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        assertExactly(sink.committed(), expectedNumberedFirings(count));
    }

    private static void buildNumberedFiringsJob(StreamEnvironment env, FailingSequenceSource source,
                                                TransactionalCollectSink sink) {
        env.fromSource(source, WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(5))
                        .withTimestampAssigner((v, ts) -> v / 10), "sequence").uid("sequence")
                .keyBy(v -> v % KEYS)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .trigger(CountTrigger.of(50))
                .process(new NumberedFirings()).uid("numbered-firings")
                .sinkTo(sink);
    }

    private static List<String> expectedNumberedFirings(long count) {
        // 200 values of each key per window: 4 firings each, none left over for the end
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            long ofKey = 0;
            for (long start = 0; start * 10 < count; start += 100) {
                for (int firing = 1; firing <= 4; firing++) {
                    expected.add("w:" + key + "@" + start + "#" + firing + ":" + 50 * firing);
                    expected.add("g:" + key + ":" + ofKey++);
                }
            }
        }
        return expected;
    }

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void windowStateAndGlobalStateContinueExactlyFromASavepointAtAnotherParallelism(int parallelism)
            throws Exception {
        long count = 30_000;
        Path savepoint = dir.resolve("savepoint");
        FailingSequenceSource source = new FailingSequenceSource(count, 1, 4, 0);
        String store = UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        buildNumberedFiringsJob(env, source, first);
        JobClient job = env.executeAsync("window-state-p2");
        assertThat(source.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        assertThat(job.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);

        TransactionalCollectSink second = new TransactionalCollectSink(store);
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        buildNumberedFiringsJob(again, new FailingSequenceSource(count, 1, 1_000, 0), second);
        JobClient restored = again.executeAsync("window-state-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();

        assertExactly(second.committed(), expectedNumberedFirings(count));
    }

    /** The values of one firing of a count window, in order. */
    static final class Values extends ProcessWindowFunction<Long, String, Long, GlobalWindow> {
        @Override
        public void process(Long key, Context context, Iterable<Long> elements, Collector<String> out) {
            StringBuilder s = new StringBuilder().append(key).append(':');
            for (long v : elements) {
                s.append(v).append(',');
            }
            out.collect(s.toString());
        }
    }

    private static void buildCountWindowJob(StreamEnvironment env, FailingSequenceSource source,
                                            TransactionalCollectSink sink, long size, long slide) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .keyBy(v -> v % KEYS)
                .countWindow(size, slide)
                .process(new Values()).uid("count-window")
                .sinkTo(sink);
    }

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aSlidingCountWindowContinuesExactlyFromASavepointAtAnotherParallelism(int parallelism) throws Exception {
        long count = 20_000;
        long size = 7;
        long slide = 3;
        Path savepoint = dir.resolve("savepoint");
        // paced so that the job is far from its end when the savepoint is taken
        FailingSequenceSource source = new FailingSequenceSource(count, 1, 4, 0);
        String store = UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        buildCountWindowJob(env, source, first, size, slide);
        JobClient job = env.executeAsync("count-window-p2");
        assertThat(source.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        assertThat(job.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(first.committed()).as("the first run ended before the input").hasSizeLessThan((int) count / 3);

        TransactionalCollectSink second = new TransactionalCollectSink(store);
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        buildCountWindowJob(again, new FailingSequenceSource(count, 1, 1_000, 0), second, size, slide);
        JobClient restored = again.executeAsync("count-window-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();

        // each key's values arrive in order: every `slide` values (and at the end) the last `size`
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            List<Long> values = new ArrayList<>();
            for (long v = key; v < count; v += KEYS) {
                values.add(v);
            }
            for (int c = 1; c <= values.size(); c++) {
                if (c % slide == 0 || c == values.size()) {
                    StringBuilder s = new StringBuilder().append(key).append(':');
                    for (long v : values.subList((int) Math.max(0, c - size), c)) {
                        s.append(v).append(',');
                    }
                    expected.add(s.toString());
                }
            }
        }
        assertExactly(second.committed(), expected);
    }

    private static void assertExactly(List<String> committed, List<String> expected) {
        List<String> actual = new ArrayList<>(committed);
        actual.sort(null);
        List<String> sorted = new ArrayList<>(expected);
        sorted.sort(null);
        assertThat(actual).as("every result committed exactly once").hasSize(sorted.size()).isEqualTo(sorted);
    }
}
