package io.sluice.connectors.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final Pattern CHECKPOINT_ID = Pattern.compile("chk-(\\d+)");
    private static final Pattern RESTORED = Pattern.compile(Pattern.quote(CrashTestJob.DONE)
            + " FINISHED, restored from checkpoint (\\d+),.*");

    @TempDir
    Path dir;

    @Test
    void shouldCommitEveryRecordExactlyOnceWhenKilledWithSigkillAndResumedFromTheCheckpoints() throws Exception {
        Path output = dir.resolve("out");
        Path checkpoints = dir.resolve("checkpoints");
        List<Path> logs = new ArrayList<>();
        long killOffsetMs = ThreadLocalRandom.current().nextLong(CrashTestJob.CHECKPOINT_INTERVAL_MS + 50);
        try {
            int committedBeforeKill;
            long newestCheckpointBeforeKill;
            Process first;
            try (FileTreeWatcher watcher = new FileTreeWatcher(output, checkpoints)) {
                first = launch("first", logs, CrashTestJob.class.getName(), output.toString(), checkpoints.toString());
                try {
                    watcher.await("two complete checkpoints and some committed parts", first, CHECKPOINTS_DEADLINE_MS,
                            () -> newestCompleteCheckpoint(checkpoints) >= 2 && !committedParts(output).isEmpty());
                    // then kill at a random phase of the checkpoint cycle: from run to run the kill lands
                    // in an open part, between a barrier and its checkpoint's completion, or before a commit
                    assertThat(first.waitFor(killOffsetMs, TimeUnit.MILLISECONDS))
                            .as("the first run ended on its own before the kill").isFalse();
                    newestCheckpointBeforeKill = newestCompleteCheckpoint(checkpoints);
                    committedBeforeKill = CommittedFiles.readLines(output).size();
                    assertThat(first.isAlive()).as("the first run is still running when it is killed").isTrue();
                } finally {
                    first.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook, no close, no flush
                }
            }
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
            assertThat(first.isAlive()).isFalse();
            assertThat(first.exitValue()).as("exit value of a process killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
            assertThat(committedBeforeKill).as("lines committed before the kill: the kill was mid-stream")
                    .isPositive().isLessThan((int) CrashTestJob.COUNT);
            System.out.printf("killed the first run %d ms after it had two complete checkpoints, at checkpoint %d with"
                    + " %d lines committed; left behind: %s%n", killOffsetMs, newestCheckpointBeforeKill,
                    committedBeforeKill, hiddenFiles(output));

            Process second = launch("second", logs, "--from-checkpoint", checkpoints.toString(),
                    CrashTestJob.class.getName(), output.toString(), checkpoints.toString());
            boolean ended;
            try {
                ended = second.waitFor(RESTART_DEADLINE_MS, TimeUnit.MILLISECONDS);
            } finally {
                second.destroyForcibly();
            }
            assertThat(ended).as("the restarted run ends within %d ms", RESTART_DEADLINE_MS).isTrue();
            assertThat(second.exitValue()).as("exit value of the restarted run").isZero();

            Matcher restored = RESTORED.matcher(Files.readString(logs.get(2)));
            assertThat(restored.find()).as("the restarted run reports that it finished after a restore").isTrue();
            System.out.println("second run: " + restored.group());
            assertThat(Long.parseLong(restored.group(1))).as("the checkpoint the restarted run started from")
                    .isGreaterThanOrEqualTo(newestCheckpointBeforeKill);

            assertExactlyOnce(CommittedFiles.readLines(output));
        } catch (Throwable t) {
            for (Path log : logs) {
                System.err.println("==== " + log.getFileName() + " ====");
                System.err.println(Files.exists(log) ? Files.readString(log) : "(missing)");
            }
            throw t;
        }
    }

    /** Runs {@code sluice run ARGS} in a child JVM with the flags Sluice needs, output in files under the temp dir. */
    private Process launch(String name, List<Path> logs, String... runArgs) throws IOException {
        Path stdout = dir.resolve(name + ".stdout.log");
        Path stderr = dir.resolve(name + ".stderr.log");
        logs.add(stdout);
        logs.add(stderr);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sluiceJvmFlags());
        command.add("-Xmx512m");
        command.add("-Dorg.slf4j.simpleLogger.log.io.sluice.runtime.executor=info"); // logs the restore
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.sluice.runtime.cli.SluiceCli");
        command.add("run");
        command.addAll(List.of(runArgs));
        return new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    /** The JVM flags of {@code bin/sluice}: the runtime's {@code sluice-jvm.flags}, filtered from the parent pom. */
    private static List<String> sluiceJvmFlags() throws IOException {
        Properties flags = new Properties();
        try (InputStream in = KillNineRecoveryTest.class.getClassLoader().getResourceAsStream("sluice-jvm.flags")) {
            assertThat(in).as("sluice-jvm.flags of sluice-runtime on the test class path").isNotNull();
            flags.load(in);
        }
        List<String> out = new ArrayList<>(List.of(flags.getProperty("base").trim().split("\\s+")));
        if (Runtime.version().feature() >= 23) {
            out.addAll(List.of(flags.getProperty("jdk23").trim().split("\\s+")));
        }
        return out;
    }

    /**
     * The highest id of a complete checkpoint ({@code <job id>/chk-<n>/_metadata}) under {@code checkpoints};
     * ids count from 1, so at least {@code n} checkpoints completed. Directories come and go while the
     * job runs (older checkpoints are deleted): a walk that trips over one is simply repeated later.
     */
    private static long newestCompleteCheckpoint(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(p -> CHECKPOINT_ID.matcher(p.getParent().getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1)))
                    .max().orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static List<Path> committedParts(Path output) {
        try {
            return CommittedFiles.list(output);
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static List<String> hiddenFiles(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    /** Every value once, on the line of its key, and each key's sequence numbers exactly 1..n. */
    private static void assertExactlyOnce(List<String> lines) {
        int n = (int) CrashTestJob.COUNT;
        int[] seen = new int[n];
        List<List<Long>> seqs = new ArrayList<>();
        for (int k = 0; k < CrashTestJob.KEYS; k++) {
            seqs.add(new ArrayList<>());
        }
        List<String> wrong = new ArrayList<>();
        for (String line : lines) {
            String[] p = line.split(":");
            long key = Long.parseLong(p[0]);
            long seq = Long.parseLong(p[1]);
            long value = Long.parseLong(p[2]);
            if (value < 0 || value >= n || key != value % CrashTestJob.KEYS) {
                wrong.add(line);
                continue;
            }
            seen[(int) value]++;
            seqs.get((int) key).add(seq);
        }
        assertThat(wrong).as("lines with a value out of range or on the wrong key").isEmpty();
        List<Long> missing = new ArrayList<>();
        List<Long> duplicated = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (seen[v] == 0 && missing.size() < 20) {
                missing.add((long) v);
            } else if (seen[v] > 1 && duplicated.size() < 20) {
                duplicated.add((long) v);
            }
        }
        assertThat(missing).as("values never committed (first 20)").isEmpty();
        assertThat(duplicated).as("values committed more than once (first 20)").isEmpty();
        assertThat(lines).hasSize(n);
        for (int k = 0; k < CrashTestJob.KEYS; k++) {
            List<Long> s = seqs.get(k);
            s.sort(null);
            int expected = (int) ((n - k + CrashTestJob.KEYS - 1) / CrashTestJob.KEYS);
            assertThat(s).as("sequence numbers of key %d", k).hasSize(expected);
            for (int i = 0; i < s.size(); i++) {
                if (s.get(i) != i + 1) {
                    fail("key " + k + ": sequence number " + (i + 1) + " expected at position " + i + ", found "
                            + s.get(i) + " (a gap or a repeat: state and output disagree after the restore)");
                }
            }
        }
    }
}
