package io.sluice.connectors.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints go on after some tasks finished: with one source split at parallelism 2, source
 * subtask 1 has nothing to read and ends at once, while subtask 0 reads on. The job must keep
 * completing checkpoints (and committing output) for the rest of its run, and a SIGKILL in the
 * middle of it must be recoverable exactly once from those checkpoints.
 */
class FinishedSourceSubtaskCrashTest {

    /** One reader at 20 values/ms: about 2 s of input, a checkpoint every 100 ms. */
    private static final long COUNT = 40_000;
    private static final long INTERVAL_MS = 100;
    private static final String[] ONE_SPLIT = {"--count", String.valueOf(COUNT), "--per-ms", "20", "--splits", "1",
        "--interval-ms", String.valueOf(INTERVAL_MS)};
    private static final long CHECKPOINTS_DEADLINE_MS = 30_000;
    private static final long RUN_DEADLINE_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepCompletingCheckpointsAfterASourceSubtaskEndedAndRecoverFromThemExactlyOnce() throws Exception {
        try (ChildJob child = new ChildJob(dir.resolve("logs"))) {
            child.printingLogsOnFailure(() -> {
                Path output = dir.resolve("out");
                Path checkpoints = dir.resolve("checkpoints");
                long killAfterMs = ThreadLocalRandom.current().nextLong(INTERVAL_MS + 50);
                Process first = child.start("first", CrashTestJob.runArgs(List.of(), output, checkpoints, ONE_SPLIT));
                ChildJob.AtKill atKill = ChildJob.killWhen(first, "three complete checkpoints (source subtask 1"
                                + " ended before the first) and some committed parts", CHECKPOINTS_DEADLINE_MS,
                        () -> ChildJob.newestCompleteCheckpoint(checkpoints) >= 3 && DirectoryContents.anyCommitted(output),
                        killAfterMs, () -> ChildJob.AtKill.of(checkpoints, output), output, checkpoints);
                System.out.printf("killed the first run %d ms after its third complete checkpoint, at checkpoint %d"
                        + " with %d lines committed%n", killAfterMs, atKill.newestCheckpoint(), atKill.committedLines());
                assertThat(atKill.committedLines()).as("lines committed before the kill: the kill was mid-stream")
                        .isPositive().isLessThan((int) COUNT);

                Process resumed = child.start("resumed", CrashTestJob.runArgs(
                        List.of("--from-checkpoint", checkpoints.toString()), output, checkpoints, ONE_SPLIT));
                assertThat(ChildJob.awaitExit(resumed, "the resumed run", RUN_DEADLINE_MS))
                        .as("exit value of the resumed run").isZero();
                assertThat(child.stdoutOf("resumed")).as("the resumed run's report")
                        .containsPattern("FINISHED, restored from checkpoint [1-9]");
                ExactlyOnce.assertExactlyOnce(CommittedFiles.readLines(output), COUNT, CrashTestJob.KEYS);
            });
        }
    }
}
