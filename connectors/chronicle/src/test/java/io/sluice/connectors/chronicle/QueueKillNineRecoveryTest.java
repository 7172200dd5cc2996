package io.sluice.connectors.chronicle;

import io.sluice.runtime.testing.ChildSluice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-crash test of the exactly-once sink: {@link QueueCrashJob} runs in a child JVM started as
 * {@code bin/sluice} starts one, is killed with SIGKILL after two complete checkpoints and some
 * committed records, and is resumed with {@code sluice run --from-checkpoint}. The committed reader
 * must then see every value exactly once, whatever the kill left in the queue (open epochs,
 * pre-committed epochs of a checkpoint that never completed).
 */
class QueueKillNineRecoveryTest {

    private static final long DEADLINE_MS = 120_000;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryCommittedRecordExactlyOnceAfterASigkillAndAResumeFromTheCheckpoint() throws Exception {
        Path output = dir.resolve("out");
        Path checkpoints = dir.resolve("checkpoints");
        try (ChildSluice children = new ChildSluice(dir.resolve("logs"))) {
            Process first = children.start("first", QueueCrashJob.class.getName(), output.toString(),
                    checkpoints.toString());
            TestQueues.await("two complete checkpoints and committed records", DEADLINE_MS, () -> {
                assertThat(first.isAlive()).as("the first run is still running").isTrue();
                return ChildSluice.newestCompleteCheckpoint(checkpoints) >= 2
                        && !TestQueues.committedQuietly(output).isEmpty();
            });
            assertThat(ChildSluice.kill(first)).as("killed by SIGKILL").isEqualTo(ChildSluice.SIGKILL_EXIT);
            int committedAtKill = TestQueues.committed(output).size();
            assertThat(committedAtKill).as("killed mid-stream").isPositive().isLessThan((int) QueueCrashJob.COUNT);

            Process second = children.start("second", "--from-checkpoint", checkpoints.toString(),
                    QueueCrashJob.class.getName(), output.toString(), checkpoints.toString());
            assertThat(second.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).as("the resumed run ends").isTrue();
            assertThat(second.exitValue()).as("exit value of the resumed run; logs:\n%s", children.logs()).isZero();
            assertThat(children.stdoutOf("second")).contains(QueueCrashJob.DONE + " FINISHED");

            List<String> committed = TestQueues.committed(output);
            assertThat(committed).hasSize((int) QueueCrashJob.COUNT)
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, QueueCrashJob.COUNT).mapToObj(v -> "v" + v)
                            .toList());
            System.out.printf("killed with %d records committed; the resumed run committed the rest%n",
                    committedAtKill);
        }
    }
}
