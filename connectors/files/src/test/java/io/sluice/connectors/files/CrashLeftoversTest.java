package io.sluice.connectors.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a crash leaves behind is cleaned up by the run that recovers from it, and nothing else is:
 * a SIGKILL leaves the open in-progress parts of the killed run (and pending parts of a checkpoint
 * that never completed) as hidden files in the output directory. Once a resumed run has finished,
 * none of this job's hidden files may be left; hidden files of other writers in the same directory
 * (another job's in-progress part, another prefix's) must be left exactly as they were.
 */
class CrashLeftoversTest {

    /** 2 readers x 15 values/ms: about 2 s of input, a checkpoint every 100 ms. */
    private static final long COUNT = 60_000;
    private static final long INTERVAL_MS = 100;
    private static final String[] RUN = {"--count", String.valueOf(COUNT), "--per-ms", "15",
        "--interval-ms", String.valueOf(INTERVAL_MS)};
    /** Hidden files of other writers: same prefix and shape with a writer id this job never used, another prefix. */
    private static final Map<String, String> OTHER_WRITERS = Map.of(
            ".part-0-0123456789abcdef-0.inprogress", "0:1:0\n1:1:1\nan unfinished li",
            ".other-0-x-0.inprogress", "written by another sink\n");
    private static final long CHECKPOINTS_DEADLINE_MS = 30_000;
    private static final long RUN_DEADLINE_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldLeaveNoHiddenFileOfItsOwnAfterAResumedRunAndTouchNoOtherWritersFiles() throws Exception {
        try (ChildJob child = new ChildJob(dir.resolve("logs"))) {
            child.printingLogsOnFailure(() -> {
                Path output = Files.createDirectories(dir.resolve("out"));
                Path checkpoints = dir.resolve("checkpoints");
                Map<String, String> planted = new TreeMap<>();
                for (Map.Entry<String, String> f : OTHER_WRITERS.entrySet()) {
                    Path file = Files.writeString(output.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
                    planted.put(f.getKey(), DirectoryContents.fingerprint(file));
                }

                long killAfterMs = ThreadLocalRandom.current().nextLong(INTERVAL_MS + 50);
                Process first = child.start("first", CrashTestJob.runArgs(List.of(), output, checkpoints, RUN));
                ChildJob.killWhen(first, "two complete checkpoints and some committed parts", CHECKPOINTS_DEADLINE_MS,
                        () -> ChildJob.newestCompleteCheckpoint(checkpoints) >= 2 && DirectoryContents.anyCommitted(output),
                        killAfterMs, output, checkpoints);
                List<String> leftBehind = DirectoryContents.hiddenFiles(output);
                System.out.printf("killed the first run %d ms after two complete checkpoints; hidden files then: %s%n",
                        killAfterMs, leftBehind);
                assertThat(leftBehind).as("hidden files after the kill: other writers' and the killed run's")
                        .containsAll(planted.keySet());

                Process resumed = child.start("resumed", CrashTestJob.runArgs(
                        List.of("--from-checkpoint", checkpoints.toString()), output, checkpoints, RUN));
                assertThat(ChildJob.awaitExit(resumed, "the resumed run", RUN_DEADLINE_MS))
                        .as("exit value of the resumed run").isZero();
                ExactlyOnce.assertExactlyOnce(CommittedFiles.readLines(output), COUNT, CrashTestJob.KEYS);

                assertThat(DirectoryContents.hiddenFiles(output))
                        .as("hidden files after the resumed run finished: only those of other writers")
                        .containsExactlyElementsOf(planted.keySet());
                Map<String, String> after = new TreeMap<>(DirectoryContents.all(output));
                after.keySet().retainAll(planted.keySet());
                assertThat(after).as("other writers' hidden files, byte for byte").isEqualTo(planted);
            });
        }
    }
}
