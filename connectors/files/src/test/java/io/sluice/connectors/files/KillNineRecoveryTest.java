package io.sluice.connectors.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-crash acceptance test: a job writing through the {@link TwoPhaseCommitFileSink} runs in a
 * child JVM, is killed with SIGKILL in the middle of its input (after at least two complete
 * checkpoints and some committed parts), and is started again with {@code sluice run
 * --from-checkpoint}. The committed parts must then hold every value exactly once, and every key's
 * sequence numbers without gap or repeat — whatever the kill left behind (open parts, pending parts
 * of a checkpoint that never completed, a checkpoint complete but not yet committed).
 */
class KillNineRecoveryTest {

    private static final long CHECKPOINTS_DEADLINE_MS = 60_000;
    private static final long RESTART_DEADLINE_MS = 120_000;
    private static final Pattern RESTORED = Pattern.compile(Pattern.quote(CrashTestJob.DONE)
            + " FINISHED, restored from checkpoint (\\d+),.*");

    @TempDir
    Path dir;

    @Test
    void shouldCommitEveryRecordExactlyOnceWhenKilledWithSigkillAndResumedFromTheCheckpoints() throws Exception {
        try (ChildJob child = new ChildJob(dir.resolve("logs"))) {
            child.printingLogsOnFailure(() -> killMidStreamAndResume(child));
        }
    }

    private void killMidStreamAndResume(ChildJob child) throws Exception {
        Path output = dir.resolve("out");
        Path checkpoints = dir.resolve("checkpoints");
        long killOffsetMs = ThreadLocalRandom.current().nextLong(CrashTestJob.CHECKPOINT_INTERVAL_MS + 50);
        Process first = child.start("first", CrashTestJob.class.getName(), output.toString(), checkpoints.toString());
        // once two checkpoints are complete, kill at a random phase of the checkpoint cycle: from run to run
        // the kill lands in an open part, between a barrier and its checkpoint's completion, or before a commit
        ChildJob.AtKill atKill = ChildJob.killWhen(first, "two complete checkpoints and some committed parts",
                CHECKPOINTS_DEADLINE_MS,
                () -> ChildJob.newestCompleteCheckpoint(checkpoints) >= 2 && DirectoryContents.anyCommitted(output),
                killOffsetMs, () -> ChildJob.AtKill.of(checkpoints, output), output, checkpoints);
        assertThat(atKill.committedLines()).as("lines committed before the kill: the kill was mid-stream")
                .isPositive().isLessThan((int) CrashTestJob.COUNT);
        System.out.printf("killed the first run %d ms after it had two complete checkpoints, at checkpoint %d with"
                + " %d lines committed; left behind: %s%n", killOffsetMs, atKill.newestCheckpoint(),
                atKill.committedLines(), DirectoryContents.hiddenFiles(output));

        Process second = child.start("second", "--from-checkpoint", checkpoints.toString(),
                CrashTestJob.class.getName(), output.toString(), checkpoints.toString());
        assertThat(ChildJob.awaitExit(second, "the restarted run", RESTART_DEADLINE_MS))
                .as("exit value of the restarted run").isZero();

        Matcher restored = RESTORED.matcher(child.stdoutOf("second"));
        assertThat(restored.find()).as("the restarted run reports that it finished after a restore").isTrue();
        System.out.println("second run: " + restored.group());
        assertThat(Long.parseLong(restored.group(1))).as("the checkpoint the restarted run started from")
                .isGreaterThanOrEqualTo(atKill.newestCheckpoint());

        ExactlyOnce.assertExactlyOnce(CommittedFiles.readLines(output), CrashTestJob.COUNT, CrashTestJob.KEYS);
    }
}
