package io.sluice.connectors.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore never falls back behind a checkpoint whose output was committed unless the user asks
 * for it: once the newest complete checkpoint turns out corrupt, the older ones lie behind output
 * that is already in the sink's directory, and starting from one of them would commit it twice. So
 * {@code sluice run --from-checkpoint} refuses, in one line naming the checkpoint and the way on
 * ({@code --allow-duplicates}), and writes nothing; with {@code --allow-duplicates} it starts from
 * the newest usable checkpoint and loses nothing.
 */
class CommittedCheckpointFallbackTest {

    /** 2 readers x 15 values/ms: about 2 s of input, a checkpoint every 100 ms. */
    private static final long COUNT = 60_000;
    private static final String[] RUN = {"--count", String.valueOf(COUNT), "--per-ms", "15", "--interval-ms", "100"};
    private static final List<String> RETAIN_THREE = List.of("-Dcheckpoint.retained=3");
    private static final int USAGE_EXIT = 2;
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at .*");
    private static final long CHECKPOINTS_DEADLINE_MS = 30_000;
    private static final long RUN_DEADLINE_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToFallBehindACommittedCheckpointUnlessDuplicatesAreAllowed() throws Exception {
        try (ChildJob child = new ChildJob(dir.resolve("logs"))) {
            child.printingLogsOnFailure(() -> {
                Path output = dir.resolve("out");
                Path checkpoints = dir.resolve("checkpoints");
                Process first = child.start("first", CrashTestJob.runArgs(RETAIN_THREE, output, checkpoints, RUN));
                ChildJob.killWhen(first, "three complete checkpoints and some committed parts", CHECKPOINTS_DEADLINE_MS,
                        () -> ChildJob.newestCompleteCheckpoint(checkpoints) >= 3 && DirectoryContents.anyCommitted(output),
                        0, output, checkpoints);
                Path newest = ChildJob.newestCompleteCheckpointDirectory(checkpoints);
                int committed = CommittedFiles.readLines(output).size();
                assertThat(committed).as("lines committed before the kill: the kill was mid-stream").isPositive()
                        .isLessThan((int) COUNT);
                Path corrupted = flipAByteInTheMiddleOfAKeyedStateFile(newest);
                System.out.printf("killed the first run at checkpoint %s with %d lines committed; corrupted %s%n",
                        newest.getFileName(), committed, corrupted);
                Map<String, String> outputBefore = DirectoryContents.all(output);

                Process refused = child.startAsUserWould("refused", CrashTestJob.runArgs(
                        List.of("--from-checkpoint", checkpoints.toString()), output, checkpoints, RUN));
                int exit = ChildJob.awaitExit(refused, "the resume from a corrupt newest checkpoint", RUN_DEADLINE_MS);
                List<String> stderr = child.stderrOf("refused").lines().filter(l -> !l.isBlank()).toList();
                assertThat(exit).as("exit value of the resume from a corrupt newest checkpoint; stderr:%n%s",
                        String.join("\n", stderr)).isEqualTo(USAGE_EXIT);
                assertThat(stderr).as("what sluice says on stderr").hasSize(1)
                        .noneMatch(l -> STACK_FRAME.matcher(l).matches());
                assertThat(stderr.get(0)).as("the refusal")
                        .startsWith("sluice: ")
                        .containsPattern(Pattern.quote(newest.getFileName().toString()) + "\\b")
                        .contains("committed")
                        .contains("--allow-duplicates");
                assertThat(DirectoryContents.all(output)).as("the output directory after the refused resume")
                        .isEqualTo(outputBefore);

                Process allowed = child.start("allowed", CrashTestJob.runArgs(
                        List.of("--from-checkpoint", checkpoints.toString(), "--allow-duplicates"), output, checkpoints,
                        RUN));
                assertThat(ChildJob.awaitExit(allowed, "the resume allowing duplicates", RUN_DEADLINE_MS))
                        .as("exit value of the resume allowing duplicates").isZero();
                ExactlyOnce.assertAtLeastOnce(CommittedFiles.readLines(output), COUNT, CrashTestJob.KEYS);
            });
        }
    }

    /** Flips one byte in the middle of the first keyed-state file of {@code checkpoint}; the size stays. */
    private static Path flipAByteInTheMiddleOfAKeyedStateFile(Path checkpoint) throws Exception {
        Path file;
        try (Stream<Path> files = Files.list(checkpoint)) {
            file = files.filter(f -> f.getFileName().toString().endsWith(".kg")).sorted().findFirst().orElseThrow(
                    () -> new AssertionError("no keyed-state file (*.kg) in " + checkpoint));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        return file;
    }
}
