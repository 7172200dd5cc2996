package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A corrupt or missing checkpoint file is refused with an error naming it. Starting from the complete
 * checkpoint before it instead is refused when the damaged one had committed its sinks' output (that
 * output would be written twice), unless the user allows duplicates; a job without transactional
 * sinks falls back on its own. With none usable the job refuses to start and says why for each.
 */
class CheckpointFallbackTest {

    private static final long COUNT = 30_000;

    @TempDir
    Path dir;

    /** Runs the counting job until it has completed a few checkpoints, cancels it; returns its checkpoints, oldest first. */
    private List<Path> checkpointsOfAStoppedJob() throws Exception {
        return checkpointsOfAStoppedJob(new TransactionalCollectSink());
    }

    /** Like {@link #checkpointsOfAStoppedJob()}, writing into {@code sink}. */
    private List<Path> checkpointsOfAStoppedJob(io.sluice.api.connector.Sink<String> sink) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.RETAINED, 3)
                .set(CheckpointingOptions.DIRECTORY, dir.toString());
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 5, 0);
        KeyedCountJob.build(env, source, sink);
        JobClient job = env.executeAsync("fallback");
        assertThat(source.awaitEmitted(2_048, Duration.ofSeconds(30))).as("every key has state").isTrue();
        for (int i = 0; i < 4; i++) {
            job.triggerCheckpoint().get(30, TimeUnit.SECONDS); // four complete, three retained
        }
        job.cancel();
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        List<Path> complete = new ArrayList<>(CheckpointStorage.candidates(dir));
        complete.sort(Comparator.comparingLong(CheckpointFallbackTest::id));
        assertThat(complete).as("the retained checkpoints").hasSize(3);
        return complete;
    }

    private static long id(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }

    private static Path keyedFile(Path checkpoint) throws Exception {
        try (Stream<Path> files = Files.list(checkpoint)) {
            return files.filter(f -> f.toString().endsWith(".kg")).sorted().findFirst().orElseThrow();
        }
    }

    private static void flipByteInTheMiddle(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
    }

    /** Starts the job from the checkpoint directory, runs it to its end; returns its client. */
    private JobClient resume(io.sluice.api.connector.Sink<String> sink, Path from) throws Exception {
        return resume(sink, from, false);
    }

    private JobClient resume(io.sluice.api.connector.Sink<String> sink, Path from, boolean allowDuplicates)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.RESTORE_FROM, from.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.toString())
                .set(CheckpointingOptions.ALLOW_DUPLICATES, allowDuplicates);
        KeyedCountJob.build(env, new FailingSequenceSource(COUNT, 4, 1_000, 0), sink);
        JobClient job = env.executeAsync("fallback-resumed");
        assertThat(job.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);
        return job;
    }

    /** Damages the keyed state file of {@code checkpoint}: a flipped byte or the file deleted. */
    private static void damage(Path checkpoint, String how) throws Exception {
        Path file = keyedFile(checkpoint);
        if (how.equals("corrupt")) {
            flipByteInTheMiddle(file); // same size: found by the snapshot's checksums
        } else {
            Files.delete(file); // found by the metadata's file list
        }
    }

    @ParameterizedTest(name = "state file {0}")
    @ValueSource(strings = {"corrupt", "missing"})
    void fallingBackBehindACheckpointThatCommittedOutputIsRefused(String how) throws Exception {
        List<Path> checkpoints = checkpointsOfAStoppedJob();
        damage(checkpoints.get(2), how);

        TransactionalCollectSink sink = new TransactionalCollectSink();
        assertThatThrownBy(() -> resume(sink, dir)).isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("refusing to fall back from")
                .hasMessageContaining(checkpoints.get(2).toString())
                .hasMessageContaining("checkpoint " + id(checkpoints.get(1)))
                .hasMessageContaining("committed their output")
                .hasMessageContaining("--allow-duplicates")
                .hasMessageNotContaining("\n");
        assertThat(sink.committed()).as("nothing was committed by the refused start").isEmpty();
    }

    @ParameterizedTest(name = "state file {0}")
    @ValueSource(strings = {"corrupt", "missing"})
    void allowingDuplicatesTheJobStartsFromThePreviousCheckpoint(String how) throws Exception {
        List<Path> checkpoints = checkpointsOfAStoppedJob();
        damage(checkpoints.get(2), how);

        TransactionalCollectSink sink = new TransactionalCollectSink();
        JobClient job = resume(sink, dir, true);
        assertThat(job.checkpointMetrics().lastRestoredId()).isEqualTo(id(checkpoints.get(1)));
        KeyedCountJob.assertContinuesToTheEnd(sink.committed(), COUNT);
    }

    @Test
    void aJobWithoutTransactionalSinksFallsBackWithoutBeingAsked() throws Exception {
        List<Path> checkpoints = checkpointsOfAStoppedJob(new CollectSink<>());
        damage(checkpoints.get(2), "corrupt");

        CollectSink<String> sink = new CollectSink<>();
        JobClient job = resume(sink, dir);
        assertThat(job.checkpointMetrics().lastRestoredId()).isEqualTo(id(checkpoints.get(1)));
        KeyedCountJob.assertContinuesToTheEnd(sink.values(), COUNT);
    }

    @Test
    void withNoUsableCheckpointTheJobRefusesToStartAndSaysWhyForEach() throws Exception {
        List<Path> checkpoints = checkpointsOfAStoppedJob();
        flipByteInTheMiddle(keyedFile(checkpoints.get(2)));
        Files.delete(keyedFile(checkpoints.get(1)));
        flipByteInTheMiddle(checkpoints.get(0).resolve(CheckpointMetadata.FILE_NAME));

        assertThatThrownBy(() -> resume(new TransactionalCollectSink(), dir))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("no usable checkpoint")
                .hasMessageContaining(checkpoints.get(2).toString()).hasMessageContaining("snapshot file")
                .hasMessageContaining(checkpoints.get(1).toString()).hasMessageContaining("missing")
                .hasMessageContaining(checkpoints.get(0).resolve(CheckpointMetadata.FILE_NAME).toString());
    }

    @Test
    void aCorruptCheckpointNamedExplicitlyIsRefusedWithoutFallingBack() throws Exception {
        List<Path> checkpoints = checkpointsOfAStoppedJob();
        flipByteInTheMiddle(keyedFile(checkpoints.get(2)));

        assertThatThrownBy(() -> resume(new TransactionalCollectSink(), checkpoints.get(2)))
                .hasMessageContaining(checkpoints.get(2).toString()).hasMessageContaining("snapshot file");
    }
}
