package io.sluice.connectors.chronicle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

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
        List<Process> children = new ArrayList<>();
        try {
            Process first = start(children, "first", QueueCrashJob.class.getName(), output.toString(),
                    checkpoints.toString());
            TestQueues.await("two complete checkpoints and committed records", DEADLINE_MS, () -> {
                assertThat(first.isAlive()).as("the first run is still running").isTrue();
                return completeCheckpoints(checkpoints) >= 2 && !TestQueues.committedQuietly(output).isEmpty();
            });
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            int committedAtKill = TestQueues.committed(output).size();
            assertThat(committedAtKill).as("killed mid-stream").isPositive().isLessThan((int) QueueCrashJob.COUNT);

            Process second = start(children, "second", "--from-checkpoint", checkpoints.toString(),
                    QueueCrashJob.class.getName(), output.toString(), checkpoints.toString());
            assertThat(second.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).as("the resumed run ends").isTrue();
            assertThat(second.exitValue()).as("exit value of the resumed run; its log: %s", log(dir, "second"))
                    .isZero();
            assertThat(Files.readString(dir.resolve("second.out"))).contains(QueueCrashJob.DONE + " FINISHED");

            List<String> committed = TestQueues.committed(output);
            assertThat(committed).hasSize((int) QueueCrashJob.COUNT)
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, QueueCrashJob.COUNT).mapToObj(v -> "v" + v)
                            .toList());
            System.out.printf("killed with %d records committed; the resumed run committed the rest%n",
                    committedAtKill);
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(List<Process> children, String name, String... runArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sluiceJvmFlags());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.sluice.runtime.cli.SluiceCli");
        command.add("run");
        command.addAll(List.of(runArgs));
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        children.add(p);
        return p;
    }

    private static String log(Path dir, String name) throws IOException {
        Path err = dir.resolve(name + ".err");
        return Files.exists(err) ? Files.readString(err) : "(none)";
    }

    /** The JVM flags of {@code bin/sluice}, from the runtime's {@code sluice-jvm.flags}. */
    private static List<String> sluiceJvmFlags() throws IOException {
        Properties flags = new Properties();
        try (InputStream in = QueueKillNineRecoveryTest.class.getClassLoader().getResourceAsStream("sluice-jvm.flags")) {
            assertThat(in).as("sluice-jvm.flags of sluice-runtime on the test class path").isNotNull();
            flags.load(in);
        }
        List<String> out = new ArrayList<>(List.of(flags.getProperty("base").trim().split("\\s+")));
        if (Runtime.version().feature() >= 23) {
            out.addAll(List.of(flags.getProperty("jdk23").trim().split("\\s+")));
        }
        return out;
    }

    /** How many complete checkpoints ({@code <job>/chk-<n>/_metadata}) the newest id says there were. */
    private static long completeCheckpoints(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(p -> p.getParent().getFileName().toString())
                    .filter(n -> n.matches("chk-\\d+"))
                    .mapToLong(n -> Long.parseLong(n.substring(4)))
                    .max().orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return 0; // a checkpoint deleted while walking: look again later
        }
    }
}
