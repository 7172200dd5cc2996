package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.CheckpointingOptions.CheckpointMode;
import io.sluice.api.config.Configuration;
import io.sluice.api.internal.ContextConfiguration;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints go on after some tasks have finished (FLIP-147 in Flink): a source with fewer splits
 * than subtasks has a subtask that ends at once, and one whose split ends early ends long before the
 * others. Checkpoints taken on demand and periodic ones must still complete, and a job restored
 * from a checkpoint taken after a subtask finished must not run that subtask again.
 */
class FinishedTasksCheckpointTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BeforeEach
    void startFromScratch() {
        ContextConfiguration.set(new Configuration()); // no setting left behind by another test
    }

    private static void build(StreamEnvironment env, ObservedSequenceSource source, TransactionalCollectSink sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .keyBy(v -> v % KeyedCountJob.KEYS)
                .process(new KeyedCountJob.Numbering()).uid("numbering")
                .sinkTo(sink).uid("sink");
    }

    private StreamEnvironment environment(Duration interval) {
        return environment(interval, CheckpointMode.ALIGNED);
    }

    private StreamEnvironment environment(Duration interval, CheckpointMode mode) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.toString())
                .set(CheckpointingOptions.INTERVAL, interval)
                .set(CheckpointingOptions.MODE, mode);
        return env;
    }

    @Test
    void shouldCompleteCheckpointsOnDemandAfterASourceSubtaskWithoutSplitsFinished() throws Exception {
        // one split at parallelism 2: subtask 1 has nothing to read; subtask 0 reads for about 4 s
        ObservedSequenceSource source = new ObservedSequenceSource(20_000, 1, 5);
        StreamEnvironment env = environment(Duration.ZERO);
        build(env, source, new TransactionalCollectSink());
        JobClient job = env.executeAsync("on-demand-after-a-subtask-finished");
        try {
            assertThat(source.awaitEnd(1, DEADLINE)).as("source subtask 1, without a split, ended").isTrue();
            for (int i = 1; i <= 3; i++) {
                long completedBefore = job.checkpointMetrics().completed();
                Path checkpoint = job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(checkpoint.resolve(CheckpointMetadata.FILE_NAME)).as("metadata of on-demand checkpoint %d", i)
                        .exists();
                assertThat(job.checkpointMetrics().completed()).as("checkpoints completed after on-demand checkpoint %d", i)
                        .isEqualTo(completedBefore + 1);
            }
            assertThat(source.hasEnded(0)).as("source subtask 0 was still reading meanwhile").isFalse();
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CheckpointMode.class)
    void shouldGoOnCompletingPeriodicCheckpointsAfterASourceSubtaskWithoutSplitsFinished(CheckpointMode mode)
            throws Exception {
        ObservedSequenceSource source = new ObservedSequenceSource(20_000, 1, 5);
        StreamEnvironment env = environment(Duration.ofMillis(50), mode);
        build(env, source, new TransactionalCollectSink());
        JobClient job = env.executeAsync("periodic-after-a-subtask-finished");
        try {
            assertThat(source.awaitEnd(1, DEADLINE)).as("source subtask 1, without a split, ended").isTrue();
            long completedAtTheEnd = job.checkpointMetrics().completed();
            long heardAtTheEnd = source.newestCompletedCheckpoint();
            // two more completions: at least one checkpoint was triggered after the subtask had finished
            assertThat(source.awaitCompletedCheckpoint(Math.max(heardAtTheEnd, 0) + 2, 0, DEADLINE))
                    .as("periodic checkpoints completed after source subtask 1 ended (newest heard of: %d, metrics: %s)",
                            source.newestCompletedCheckpoint(), job.checkpointMetrics())
                    .isTrue();
            assertThat(job.checkpointMetrics().completed()).as("completed checkpoints")
                    .isGreaterThanOrEqualTo(completedAtTheEnd + 2);
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CheckpointMode.class)
    void shouldNotRunAFinishedSourceSubtaskAgainWhenRestoringFromACheckpointTakenAfterItFinished(CheckpointMode mode)
            throws Exception {
        // three splits at parallelism 2: subtask 1 reads split 1 (a third) and ends after about 1 s,
        // subtask 0 reads splits 0 and 2 (two thirds) for about 2 s
        long count = 30_000;
        String store = UUID.randomUUID().toString();
        ObservedSequenceSource first = new ObservedSequenceSource(count, 3, 10);
        StreamEnvironment env = environment(Duration.ZERO, mode);
        build(env, first, new TransactionalCollectSink(store));
        JobClient job = env.executeAsync("restore-after-a-subtask-finished");
        Path checkpoint;
        try {
            assertThat(first.awaitEnd(1, DEADLINE)).as("source subtask 1 read its split to the end").isTrue();
            assertThat(first.emittedBy(1)).as("records of split 1").isEqualTo(count / 3);
            job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            checkpoint = job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            job.cancel();
        }
        assertThat(job.await(DEADLINE).status()).as("the first run was stopped before its input ended")
                .isEqualTo(JobStatus.CANCELED);
        assertThat(first.hasEnded(0)).as("source subtask 0 had not ended").isFalse();

        ObservedSequenceSource second = new ObservedSequenceSource(count, 3, 1_000);
        StreamEnvironment resumed = environment(Duration.ZERO, mode);
        resumed.config().set(CheckpointingOptions.RESTORE_FROM, checkpoint.toString());
        TransactionalCollectSink sink = new TransactionalCollectSink(store);
        build(resumed, second, sink);
        JobClient restored = resumed.executeAsync("restore-after-a-subtask-finished");
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).as("the checkpoint the job restored from")
                .isEqualTo(Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length())));
        assertThat(second.emittedBy(1)).as("records emitted by the finished source subtask after the restore").isZero();
        KeyedCountJob.assertExactlyOnce(sink.committed(), count);
    }
}
