package io.sluice.runtime.cli;

import io.sluice.api.Job;
import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.internal.ContextConfiguration;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.checkpoint.KeyedCountJob;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice run --from-checkpoint} refuses a start it cannot make, the way it reports a usage
 * error: one line on stderr, starting with "sluice: ", naming what it was given, what is wrong and
 * the way on; no stack trace, no "the job failed" (the job never started), exit code 2. The
 * checkpoints are real ones, taken on demand from running jobs.
 */
class RestoreRefusalCliTest {

    private static final int USAGE_EXIT = 2;
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at .*");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final SluiceCli cli = new SluiceCli(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    /** Where the job the CLI runs would commit its output: it must stay empty. */
    private final String store = UUID.randomUUID().toString();

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void resetGlobalConfiguration() {
        ContextConfiguration.set(new Configuration());
    }

    @Test
    void shouldRefuseAnEmptyDirectoryInOneLine() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        String line = refusedInOneLine(runFrom(empty));

        assertThat(line).contains(empty.toString()).containsIgnoringCase("checkpoint");
    }

    @Test
    void shouldRefuseADirectoryWithOnlyAnIncompleteCheckpointSayingNoneCompletedAndToStartWithoutIt()
            throws Exception {
        Path base = dir.resolve("incomplete");
        Path checkpoint = checkpointOfARunningJob(base, "");
        Files.delete(checkpoint.resolve("_metadata")); // as a crash before the checkpoint completed leaves it
        assertThat(checkpoint.getParent().getParent()).isEqualTo(base);
        assertThat(stateFiles(checkpoint)).as("state files of the incomplete checkpoint").isNotEmpty();

        String line = refusedInOneLine(runFrom(base));

        assertThat(line).contains(base.toString())
                .matches("(?i).*(\\bno\\b.*\\bcomplete|never complete).*")
                .contains("without --from-checkpoint");
    }

    @Test
    void shouldRefuseACompleteCheckpointOfAnotherJobInOneLine() throws Exception {
        Path checkpoint = checkpointOfARunningJob(dir.resolve("other"), "other-");

        String line = refusedInOneLine(runFrom(checkpoint));

        assertThat(line).contains(checkpoint.toString());
    }

    @Test
    void shouldRefuseACorruptCheckpointNamedExplicitlyInOneLine() throws Exception {
        Path checkpoint = checkpointOfARunningJob(dir.resolve("corrupt"), "");
        Path metadata = checkpoint.resolve("_metadata");
        byte[] bytes = Files.readAllBytes(metadata);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(metadata, bytes);

        String line = refusedInOneLine(runFrom(checkpoint));

        assertThat(line).contains(checkpoint.toString()).containsIgnoringCase("corrupt");
    }

    @Test
    void shouldRefuseARegularFileInOneLineSayingItIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("chk-1"), "not a checkpoint directory\n");

        String line = refusedInOneLine(runFrom(file));

        assertThat(line).contains(file.toString())
                .containsPattern("(?i)\\bis a (regular )?file\\b")
                .doesNotContain("does not exist");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private int runFrom(Path from) {
        return cli.run(new String[] {"run", "--from-checkpoint", from.toString(), CountingJob.class.getName(), store});
    }

    /** Checks the refusal's form (exit code 2, one line, no trace, nothing committed); returns the line. */
    private String refusedInOneLine(int exit) {
        String err = errBytes.toString(StandardCharsets.UTF_8);
        List<String> lines = err.lines().toList();
        assertThat(exit).as("exit code; stderr:%n%s", err).isEqualTo(USAGE_EXIT);
        assertThat(lines).as("stderr").hasSize(1).noneMatch(l -> STACK_FRAME.matcher(l).matches());
        assertThat(lines.get(0)).startsWith("sluice: ").doesNotContain("the job failed");
        assertThat(new TransactionalCollectSink(store).committed()).as("output of the refused job").isEmpty();
        return lines.get(0);
    }

    /**
     * Runs the counting job (its operators' uids prefixed with {@code uidPrefix}) with checkpoints
     * under {@code base}, takes one checkpoint on demand once every key has state, and cancels it;
     * returns the checkpoint's directory, {@code base/<job id>/chk-1}.
     */
    private static Path checkpointOfARunningJob(Path base, String uidPrefix) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, base.toString());
        FailingSequenceSource source = new FailingSequenceSource(1_000_000, 2, 5, 0);
        CountingJob.build(env, source, uidPrefix, new TransactionalCollectSink());
        JobClient job = env.executeAsync("checkpointed-" + uidPrefix + "counting");
        try {
            assertThat(source.awaitEmitted(512, DEADLINE)).as("every key has state").isTrue();
            return job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }
    }

    private static List<Path> stateFiles(Path checkpoint) throws Exception {
        try (Stream<Path> files = Files.list(checkpoint)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".kg")).toList();
        }
    }

    // ---- the job ---------------------------------------------------------------------------------

    /**
     * Numbers the values of each key in keyed state and commits "key:count:value" lines into the
     * transactional store named by its one argument. A short job: were it started, it would end in
     * well under a second.
     */
    public static final class CountingJob implements Job {

        static final int KEYS = 8;

        @Override
        public void define(StreamEnvironment env, String[] args) {
            env.setParallelism(2);
            build(env, new FailingSequenceSource(2_000, 2, 1_000, 0), "", new TransactionalCollectSink(args[0]));
        }

        static void build(StreamEnvironment env, FailingSequenceSource source, String uidPrefix,
                          TransactionalCollectSink sink) {
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid(uidPrefix + "sequence")
                    .keyBy(v -> v % KEYS)
                    .process(new KeyedCountJob.Numbering()).uid(uidPrefix + "counting")
                    .sinkTo(sink).uid(uidPrefix + "sink");
        }
    }
}
