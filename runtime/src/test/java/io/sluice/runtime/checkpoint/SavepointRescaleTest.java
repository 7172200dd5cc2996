package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A savepoint taken at parallelism 2 restores at 1 and at 3: per-key state and source positions continue exactly. */
class SavepointRescaleTest {

    private static final long COUNT = 30_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void perKeyStateContinuesExactlyAtAnotherParallelism(int parallelism) throws Exception {
        Path savepoint = dir.resolve("savepoint");
        // paced (4 records a ms in all) so that the job is far from its end when the savepoint is taken, also on a busy machine
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 1, 0);
        String store = java.util.UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20)); // none may follow the savepoint
        KeyedCountJob.build(env, source, first);
        JobClient job = env.executeAsync("savepoint-p2");
        assertThat(source.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        Path written = job.stopWithSavepoint(savepoint).get();
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(written).isEqualTo(savepoint);
        assertThat(Files.exists(savepoint.resolve(CheckpointMetadata.FILE_NAME))).isTrue();
        // the savepoint's transaction may or may not be committed before the cancel arrives: the
        // restored run commits it again either way, and the shared store publishes it once
        assertThat(first.committed()).as("nothing after the savepoint is committed").hasSizeLessThan((int) COUNT);

        TransactionalCollectSink second = new TransactionalCollectSink(store); // the same external system
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        KeyedCountJob.build(again, new FailingSequenceSource(COUNT, 4, 1_000, 0), second);
        JobClient restored = again.executeAsync("savepoint-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();

        KeyedCountJob.assertExactlyOnce(second.committed(), COUNT);
        assertThat(Files.exists(savepoint.resolve(CheckpointMetadata.FILE_NAME)))
                .as("a savepoint is the user's: never deleted").isTrue();
    }
}
