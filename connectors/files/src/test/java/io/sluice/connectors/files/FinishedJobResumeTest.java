package io.sluice.connectors.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a bounded job is part of the checkpoint protocol: once the input has ended, a final
 * checkpoint is taken at once, its completion commits the sinks' last transactions and its metadata
 * records that the job finished. So a resume from the checkpoint directory of a job that finished
 * repeats nothing and writes nothing — whether the process then exited, lingered and was killed,
 * or was killed at any moment near the end.
 */
class FinishedJobResumeTest {

    /** A whole run: 2 readers x 15 values/ms = about 1 s of input, a checkpoint every 100 ms. */
    private static final long COUNT = 30_000;
    private static final String[] SHORT_RUN = {"--count", String.valueOf(COUNT), "--per-ms", "15",
        "--interval-ms", "100"};
    /** The kill-near-the-end runs: about 2 s of input, commits every 100 ms of about 5% of it. */
    private static final long NEAR_END_COUNT = 40_000;
    private static final String[] NEAR_END_RUN = {"--count", String.valueOf(NEAR_END_COUNT), "--per-ms", "10",
        "--interval-ms", "100"};
    private static final double LAST_STRETCH = 0.9;
    private static final int TRIES = 3;
    /**
     * Each try kills at a random moment in its own third of this window after the last stretch began:
     * the first mostly before the input ends, the second around the final checkpoint, the third
     * mostly after the job finished (the last stretch lasts about 200 ms).
     */
    private static final long KILL_WINDOW_MS = 450;
    private static final long RUN_DEADLINE_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldRepeatNothingWhenAJobKilledAfterItFinishedIsResumed() throws Exception {
        try (ChildJob child = new ChildJob(dir.resolve("logs"))) {
            child.printingLogsOnFailure(() -> {
                Path output = dir.resolve("out");
                Path checkpoints = dir.resolve("checkpoints");
                Process first = child.start("first", CrashTestJob.runArgs(List.of(), output, checkpoints,
                        withLinger(SHORT_RUN)));
                ChildJob.killWhen(first, "the job's end (its DONE line)", RUN_DEADLINE_MS,
                        () -> printed(child, "first", CrashTestJob.LINGERING), 0, child.logDirectory());
                assertThat(child.stdoutOf("first")).as("the first run's report").contains(CrashTestJob.DONE + " FINISHED");
                Map<String, String> committed = DirectoryContents.committedParts(output);
                ExactlyOnce.assertExactlyOnce(CommittedFiles.readLines(output), COUNT, CrashTestJob.KEYS);

                resumeAndExpectNothingNew(child, "resumed", output, checkpoints, committed);
            });
        }
    }

    @Test
    void shouldRepeatNothingWhenAJobThatExitedIsResumed() throws Exception {
        try (ChildJob child = new ChildJob(dir.resolve("logs"))) {
            child.printingLogsOnFailure(() -> {
                Path output = dir.resolve("out");
                Path checkpoints = dir.resolve("checkpoints");
                Process first = child.start("first", CrashTestJob.runArgs(List.of(), output, checkpoints, SHORT_RUN));
                assertThat(ChildJob.awaitExit(first, "the first run", RUN_DEADLINE_MS)).as("exit value of the first run")
                        .isZero();
                Map<String, String> committed = DirectoryContents.committedParts(output);
                ExactlyOnce.assertExactlyOnce(CommittedFiles.readLines(output), COUNT, CrashTestJob.KEYS);

                resumeAndExpectNothingNew(child, "resumed", output, checkpoints, committed);
            });
        }
    }

    @Test
    void shouldCommitEveryRecordOnceWhenKilledAtAnyMomentNearTheEndAndResumed() throws Exception {
        try (ChildJob child = new ChildJob(dir.resolve("logs"))) {
            child.printingLogsOnFailure(() -> {
                for (int t = 0; t < TRIES; t++) {
                    killNearTheEndAndResume(child, t);
                }
            });
        }
    }

    private void killNearTheEndAndResume(ChildJob child, int t) throws Exception {
        Path output = dir.resolve("try-" + t).resolve("out");
        Path checkpoints = dir.resolve("try-" + t).resolve("checkpoints");
        long windowStartMs = t * KILL_WINDOW_MS / TRIES;
        long killAfterMs = windowStartMs + ThreadLocalRandom.current().nextLong(KILL_WINDOW_MS / TRIES);
        long lastStretch = (long) (NEAR_END_COUNT * LAST_STRETCH);
        CommittedLines committedLines = new CommittedLines(output);
        Files.createDirectories(output);
        String first = "try-" + t + "-first";
        Process p = child.start(first, CrashTestJob.runArgs(List.of(), output, checkpoints, withLinger(NEAR_END_RUN)));
        NearTheEnd atKill = ChildJob.killWhen(p, "more than " + lastStretch + " lines committed", RUN_DEADLINE_MS,
                () -> committedLines.count() > lastStretch, killAfterMs,
                () -> new NearTheEnd(printed(child, first, CrashTestJob.DONE), committedLines.count()), output);
        System.out.printf("try %d: killed %d ms after more than %d of %d lines were committed, with %d committed,"
                + " %s; left behind: %s%n", t, killAfterMs, lastStretch, NEAR_END_COUNT, atKill.committedLines(),
                atKill.finished() ? "after the job had finished" : "before the job had finished",
                DirectoryContents.hiddenFiles(output));

        Process resumed = child.start("try-" + t + "-resumed", CrashTestJob.runArgs(
                List.of("--from-checkpoint", checkpoints.toString()), output, checkpoints, NEAR_END_RUN));
        assertThat(ChildJob.awaitExit(resumed, "the resumed run of try " + t, RUN_DEADLINE_MS))
                .as("exit value of the resumed run of try %d", t).isZero();
        ExactlyOnce.assertExactlyOnce(CommittedFiles.readLines(output), NEAR_END_COUNT, CrashTestJob.KEYS);
    }

    /** Resumes from the checkpoints of a job that finished: it must exit 0 and leave the committed parts as they were. */
    private static void resumeAndExpectNothingNew(ChildJob child, String name, Path output, Path checkpoints,
                                                  Map<String, String> committedBefore) throws Exception {
        Process resumed = child.start(name, CrashTestJob.runArgs(List.of("--from-checkpoint", checkpoints.toString()),
                output, checkpoints, SHORT_RUN));
        assertThat(ChildJob.awaitExit(resumed, "the resumed run", RUN_DEADLINE_MS)).as("exit value of the resumed run")
                .isZero();
        ExactlyOnce.assertExactlyOnce(CommittedFiles.readLines(output), COUNT, CrashTestJob.KEYS);
        assertThat(DirectoryContents.committedParts(output))
                .as("committed parts after resuming a job that had finished (none new, none changed)")
                .isEqualTo(committedBefore);
    }

    private static String[] withLinger(String[] options) {
        String[] out = Arrays.copyOf(options, options.length + 1);
        out[options.length] = "--linger";
        return out;
    }

    private static boolean printed(ChildJob child, String name, String text) {
        try {
            return child.stdoutOf(name).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** What a kill near the end came upon: whether the job had reported its end, and the lines committed. */
    private record NearTheEnd(boolean finished, int committedLines) {
    }

    /** Counts committed lines, reading each committed part once: a part never changes after its commit. */
    private static final class CommittedLines {
        private final Path directory;
        private final Map<String, Integer> linesByPart = new HashMap<>();
        private int total;

        CommittedLines(Path directory) {
            this.directory = directory;
        }

        int count() {
            try {
                for (Path part : CommittedFiles.list(directory)) {
                    String name = part.getFileName().toString();
                    if (!linesByPart.containsKey(name)) {
                        int lines = Files.readAllLines(part).size();
                        linesByPart.put(name, lines);
                        total += lines;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // listed while being renamed: counted at the next change
            }
            return total;
        }
    }
}
