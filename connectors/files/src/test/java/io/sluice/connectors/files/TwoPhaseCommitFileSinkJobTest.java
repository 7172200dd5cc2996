package io.sluice.connectors.files;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink under the runtime on the test class path, in this JVM (through {@code executeAsync}). */
class TwoPhaseCommitFileSinkJobTest {

    @TempDir
    Path dir;

    @Test
    void shouldCommitEveryLineOnceAcrossCheckpointsOfABoundedJob() throws Exception {
        long count = 20_000;
        Path out = dir.resolve("out");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        env.fromSource(new FailingSequenceSource(count, 4, 20, 0), WatermarkStrategy.noWatermarks(), "paced")
                .map(v -> "v" + v)
                .sinkTo(TwoPhaseCommitFileSink.forLines(out).build());

        JobClient job = env.executeAsync("files-with-checkpoints");
        JobResult result = job.await(Duration.ofSeconds(60));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().completed()).as("checkpoints while the job ran").isPositive();
        assertThat(CommittedFiles.readLines(out))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, count).mapToObj(v -> "v" + v).toList());
        assertThat(CommittedFiles.list(out).size()).as("a part per subtask and checkpoint").isGreaterThan(2);
        assertThat(hidden(out)).as("every part committed: nothing in progress or pending left").isEmpty();
    }

    @Test
    void shouldCommitAtTheEndOfABoundedJobWithoutCheckpoints() throws Exception {
        Path out = dir.resolve("out");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSequence(1, 1000).rebalance()
                .sinkTo(TwoPhaseCommitFileSink.forRows(out, (Long v) -> "row " + v).withPartPrefix("rows").build());

        assertThat(env.executeAsync("files-at-end").await(Duration.ofSeconds(60)).status())
                .isEqualTo(JobStatus.FINISHED);

        assertThat(CommittedFiles.readLines(out, "rows"))
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 1000).mapToObj(v -> "row " + v).toList());
        assertThat(CommittedFiles.list(out, "rows")).hasSize(2)
                .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("rows-[01]-[0-9a-f]{16}-[0-9a-f]{12}-0"));
        assertThat(hidden(out)).isEmpty();
    }

    private static List<String> hidden(Path out) throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }
}
