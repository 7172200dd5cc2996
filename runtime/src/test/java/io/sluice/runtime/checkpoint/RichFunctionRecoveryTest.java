package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.RichMapFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyed state of a rich map function, reached only through {@code getRuntimeContext()} from its
 * processing method (no {@code open}), goes through checkpoints, injected failures and restores, and
 * through a savepoint restored at another parallelism: {@link KeyedCountJob}'s exactly-once check.
 */
class RichFunctionRecoveryTest {

    @TempDir
    Path dir;

    /** Numbers the values of each key; asks for its state lazily, as Flink jobs often do. */
    static final class LazyNumbering extends RichMapFunction<Long, String> {
        private transient ValueState<Long> count;

        @Override
        public String map(Long value) throws Exception {
            if (count == null) {
                count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
            }
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            return value % KeyedCountJob.KEYS + ":" + n + ":" + value;
        }
    }

    private static void build(StreamEnvironment env, FailingSequenceSource source, Sink<String> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .keyBy(v -> v % KeyedCountJob.KEYS)
                .map(new LazyNumbering()).uid("numbering")
                .sinkTo(sink);
    }

    @Test
    void everyValueIsNumberedExactlyOnceAcrossInjectedFailures() throws Exception {
        long count = 30_000;
        int failures = 3;
        FailingSequenceSource source = new FailingSequenceSource(count, 4, 20, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 100, failures);
        build(env, source, sink);
        JobClient job = env.executeAsync("rich-recovery");
        assertThat(job.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(source.failuresLeft()).as("every injected failure happened").isLessThanOrEqualTo(0);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        KeyedCountJob.assertExactlyOnce(sink.committed(), count);
    }

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aSavepointAtParallelism2ContinuesExactlyAtAnother(int parallelism) throws Exception {
        long count = 20_000;
        Path savepoint = dir.resolve("savepoint");
        String store = java.util.UUID.randomUUID().toString();
        FailingSequenceSource first = new FailingSequenceSource(count, 4, 1, 0);
        TransactionalCollectSink before = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        build(env, first, before);
        JobClient job = env.executeAsync("rich-savepoint-p2");
        assertThat(first.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        assertThat(job.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(before.committed()).as("nothing after the savepoint is committed").hasSizeLessThan((int) count);

        TransactionalCollectSink after = new TransactionalCollectSink(store); // the same external system
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(again, new FailingSequenceSource(count, 4, 1_000, 0), after);
        JobClient restored = again.executeAsync("rich-savepoint-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();
        KeyedCountJob.assertExactlyOnce(after.committed(), count);
    }
}
