package io.sluice.runtime.checkpoint;

import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyed two-input job through failures and restores: input 1 carries 0..n-1, input 2 carries
 * n..2n-1, both keyed by {@code v % KEYS}; one counter per key, shared by both inputs, numbers
 * every value, and "key:count:value:input" is committed by a transactional sink. Exactly once
 * means: per key the counts are 1..n_k with no gap or repeat, every value appears once, and each
 * came through its own input (in-flight records of an unaligned checkpoint are replayed to the
 * input they were on).
 */
class TwoInputRecoveryTest {

    @TempDir
    Path dir;

    /** Numbers the values of each key over both inputs; optionally slow, so that its input rings fill up. */
    static final class CoNumbering extends KeyedCoProcessFunction<Long, Long, Long, String> {
        private final long spinNanos;
        private transient ValueState<Long> count;

        CoNumbering(long spinNanos) {
            this.spinNanos = spinNanos;
        }

        @Override
        public void open(RuntimeContext ctx) {
            count = ctx.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement1(Long value, Context ctx, Collector<String> out) {
            number(value, 1, ctx, out);
        }

        @Override
        public void processElement2(Long value, Context ctx, Collector<String> out) {
            number(value, 2, ctx, out);
        }

        private void number(long value, int input, Context ctx, Collector<String> out) {
            long until = System.nanoTime() + spinNanos;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(ctx.getCurrentKey() + ":" + n + ":" + value + ":" + input);
        }
    }

    static void build(StreamEnvironment env, long count, FailingSequenceSource first, FailingSequenceSource second,
                      Sink<String> sink, long spinNanos) {
        DataStream<Long> input1 = env.fromSource(first, WatermarkStrategy.noWatermarks(), "first").uid("first");
        DataStream<Long> input2 = env.fromSource(second, WatermarkStrategy.noWatermarks(), "second").uid("second")
                .map(v -> v + count).uid("offset");
        input1.connect(input2)
                .keyBy(v -> v % KeyedCountJob.KEYS, v -> v % KeyedCountJob.KEYS)
                .process(new CoNumbering(spinNanos)).uid("co-numbering")
                .sinkTo(sink);
    }

    static void assertExactlyOnce(List<String> committed, long count) {
        KeyedCountJob.assertExactlyOnce(committed, 2 * count);
        for (String line : committed) {
            String[] p = line.split(":");
            long value = Long.parseLong(p[2]);
            assertThat(p[3]).as("the input of %s", line).isEqualTo(value < count ? "1" : "2");
        }
    }

    @ParameterizedTest(name = "unaligned: {0}")
    @ValueSource(booleans = {false, true})
    void everyValueOfBothInputsIsCommittedExactlyOnceAcrossInjectedFailures(boolean unaligned) throws Exception {
        long count = unaligned ? 20_000 : 30_000;
        int failures = 3;
        FailingSequenceSource first = new FailingSequenceSource(count, 4, unaligned ? 200 : 20, failures);
        FailingSequenceSource second = new FailingSequenceSource(count, 4, unaligned ? 200 : 20, 0);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, unaligned ? 50 : 100, failures);
        if (unaligned) {
            env.config().set(CheckpointingOptions.MODE, CheckpointingOptions.CheckpointMode.UNALIGNED)
                    .set(CheckpointingOptions.RETAINED, 1000) // keep them all, to look for in-flight files
                    .set(ExecutionOptions.CHANNEL_CAPACITY, 256);
        }
        build(env, count, first, second, sink, unaligned ? 20_000 : 0);
        JobClient job = env.executeAsync("two-input-recovery");
        assertThat(job.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(first.failuresLeft()).as("every injected failure happened").isLessThanOrEqualTo(0);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        if (unaligned) {
            long inFlightFiles;
            try (Stream<Path> files = Files.walk(dir)) {
                inFlightFiles = files.filter(f -> f.toString().endsWith(".inflight")).count();
            }
            assertThat(inFlightFiles).as("checkpoints that stored in-flight records").isPositive();
        }
        assertExactlyOnce(sink.committed(), count);
        assertThat(sink.aborted()).as("aborted transactions are never the committed ones")
                .doesNotContainAnyElementsOf(sink.committedTransactions());
    }

    /** A savepoint of the keyed two-input job taken at parallelism 2 restores at 1 and at 3. */
    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void sharedKeyedStateContinuesExactlyAtAnotherParallelism(int parallelism) throws Exception {
        long count = 20_000;
        Path savepoint = dir.resolve("savepoint");
        FailingSequenceSource first = new FailingSequenceSource(count, 4, 1, 0);
        String store = java.util.UUID.randomUUID().toString();
        TransactionalCollectSink before = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        build(env, count, first, new FailingSequenceSource(count, 4, 1, 0), before, 0);
        JobClient job = env.executeAsync("two-input-savepoint-p2");
        assertThat(first.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        Path written = job.stopWithSavepoint(savepoint).get();
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(written).isEqualTo(savepoint);
        assertThat(before.committed()).as("nothing after the savepoint is committed").hasSizeLessThan((int) count);

        TransactionalCollectSink after = new TransactionalCollectSink(store); // the same external system
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(again, count, new FailingSequenceSource(count, 4, 1_000, 0), new FailingSequenceSource(count, 4, 1_000, 0),
                after, 0);
        JobClient restored = again.executeAsync("two-input-savepoint-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();

        assertExactlyOnce(after.committed(), count);
    }
}
