package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A keyBy between two single subtasks runs chained (one task, no ring): its keyed state and timers
 * checkpoint and recover exactly once, and an unaligned checkpoint taken with the keyBy apart, whose
 * in-flight records have no ring to go back to in the chained plan, is refused rather than restored
 * without them.
 */
class ChainedKeyByRecoveryTest {

    @TempDir
    Path checkpoints;

    @Test
    void aKeyedJobOfOneSubtaskRunsAsOneTaskAndRecoversExactlyOnce() throws Exception {
        long count = 30_000;
        int failures = 3;
        FailingSequenceSource source = new FailingSequenceSource(count, 4, 50, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = RecoveryConfig.checkpointedWithRestarts(
                StreamEnvironment.create().setParallelism(1), checkpoints, 20, failures);
        KeyedCountJob.build(env, source, sink);

        JobClient job = env.executeAsync("chained-key-by");

        assertThat(job.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        assertThat(job.metrics().tasks()).extracting(TaskMetrics::task).as("source and keyed counter in one task")
                .hasSize(1);
        KeyedCountJob.assertExactlyOnce(sink.committed(), count);
    }

    @Test
    void inFlightRecordsOfAKeyByTakenApartAreRefusedChainedAndReplayedApart() throws Exception {
        long count = 200_000;
        Path withInFlight = unalignedCheckpointWithInFlightRecords(count);

        assertThatThrownBy(() -> resume(withInFlight, count, true, new TransactionalCollectSink()))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining(withInFlight.toString())
                .hasMessageContaining("in-flight records")
                .hasMessageContaining(ExecutionOptions.CHAIN_SINGLE_SUBTASK_KEY_BY.key() + "=false")
                .hasMessageNotContaining("\n");

        TransactionalCollectSink sink = new TransactionalCollectSink();
        resume(withInFlight, count, false, sink);
        KeyedCountJob.assertContinuesToTheEnd(sink.committed(), count); // the in-flight records were replayed
    }

    /**
     * Runs source → keyBy → slow map → keyBy → counter at parallelism 1 with the keyBy apart and
     * unaligned checkpoints, until a completed checkpoint taken after every key was counted holds
     * in-flight records; cancels it and returns that checkpoint.
     */
    private Path unalignedCheckpointWithInFlightRecords(long count) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20))
                .set(CheckpointingOptions.DIRECTORY, checkpoints.toString())
                .set(CheckpointingOptions.MODE, CheckpointingOptions.CheckpointMode.UNALIGNED)
                .set(CheckpointingOptions.RETAINED, 1000)
                .set(ExecutionOptions.CHANNEL_CAPACITY, 64)
                .set(ExecutionOptions.CHAIN_SINGLE_SUBTASK_KEY_BY, false);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        build(env, new FailingSequenceSource(count, 1, 200, 0), sink);
        JobClient job = env.executeAsync("key-by-apart");
        Path[] found = new Path[1];
        try {
            // output committed for every key: the checkpoint that committed it, and every later one, holds
            // every key's count; its metadata may not be written yet, so only checkpoints after the newest
            // complete one now are sure to
            Conditions.await("committed output of every key", Duration.ofSeconds(60),
                    () -> sink.committed().stream().map(line -> line.split(":")[0]).distinct().count()
                            == KeyedCountJob.KEYS);
            List<Path> completeNow = CheckpointStorage.candidates(checkpoints);
            long newestNow = completeNow.isEmpty() ? 0 : id(completeNow.get(0));
            Conditions.await("a later completed unaligned checkpoint with in-flight records", Duration.ofSeconds(60),
                    () -> {
                        found[0] = newestWithInFlightRecords();
                        return found[0] != null && id(found[0]) > newestNow;
                    });
        } finally {
            job.cancel();
        }
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        return found[0];
    }

    private JobClient resume(Path from, long count, boolean chainKeyBy, TransactionalCollectSink sink)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.config().set(CheckpointingOptions.RESTORE_FROM, from.toString())
                .set(CheckpointingOptions.DIRECTORY, checkpoints.resolve("resumed").toString())
                .set(ExecutionOptions.CHAIN_SINGLE_SUBTASK_KEY_BY, chainKeyBy);
        build(env, new FailingSequenceSource(count, 1, 1_000, 0), sink);
        JobClient job = env.executeAsync("key-by-resumed");
        assertThat(job.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        return job;
    }

    private static void build(StreamEnvironment env, FailingSequenceSource source, TransactionalCollectSink sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .keyBy(v -> v % KeyedCountJob.KEYS)
                .map(UnalignedRecoveryTest::slowIdentity).uid("slow")
                .keyBy(v -> v % KeyedCountJob.KEYS)
                .process(new KeyedCountJob.Numbering()).uid("numbering")
                .sinkTo(sink);
    }

    private static long id(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }

    /** The newest complete checkpoint holding an in-flight records file, or null. */
    private Path newestWithInFlightRecords() throws IOException {
        List<Path> complete = CheckpointStorage.candidates(checkpoints); // newest first
        for (Path checkpoint : complete) {
            try (Stream<Path> files = Files.list(checkpoint)) {
                if (files.anyMatch(f -> f.toString().endsWith(".inflight"))) {
                    return checkpoint;
                }
            } catch (IOException deletedMeanwhile) {
                // retired by the checkpoint I/O thread while listed
            }
        }
        return null;
    }
}
