package io.sluice.connectors.files;

import io.sluice.runtime.testing.ChildSluice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code sluice run ...} in child JVMs started like {@code bin/sluice} starts one, each with its
 * standard output and error in {@code <name>.stdout.log} and {@code <name>.stderr.log} under a log
 * directory. Closing it kills every child still alive (a test that failed half-way leaves none
 * behind); {@link #printLogs} shows what each child said. Used from the test thread only.
 */
final class ChildJob implements AutoCloseable {

    /** Exit value of a process killed by SIGKILL: 128 + 9. */
    static final int SIGKILL_EXIT = 128 + 9;
    private static final long KILL_DEADLINE_MS = 10_000;
    private static final Pattern CHECKPOINT_ID = Pattern.compile("chk-(\\d+)");

    private final Path logDirectory;
    private final List<String> names = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    ChildJob(Path logDirectory) throws IOException {
        this.logDirectory = Files.createDirectories(logDirectory);
    }

    Path logDirectory() {
        return logDirectory;
    }

    /**
     * Starts {@code sluice run RUN_ARGS} as child {@code name}, logging at the level {@code bin/sluice}
     * uses except for the executor, which logs the checkpoint each run restores from.
     */
    Process start(String name, String... runArgs) throws IOException {
        return start(name, List.of("-Dorg.slf4j.simpleLogger.log.io.sluice.runtime.executor=info"), runArgs);
    }

    /** Starts {@code sluice run RUN_ARGS} as child {@code name} logging exactly as {@code bin/sluice} does. */
    Process startAsUserWould(String name, String... runArgs) throws IOException {
        return start(name, List.of(), runArgs);
    }

    private Process start(String name, List<String> extraJvmArgs, String... runArgs) throws IOException {
        assertThat(names).as("child names are unique").doesNotContain(name);
        List<String> command = ChildSluice.command(extraJvmArgs, runArgs);
        Process p = new ProcessBuilder(command)
                .redirectOutput(stdout(name).toFile())
                .redirectError(stderr(name).toFile())
                .start();
        names.add(name);
        processes.add(p);
        return p;
    }

    Path stdout(String name) {
        return logDirectory.resolve(name + ".stdout.log");
    }

    Path stderr(String name) {
        return logDirectory.resolve(name + ".stderr.log");
    }

    String stdoutOf(String name) throws IOException {
        return Files.exists(stdout(name)) ? Files.readString(stdout(name)) : "";
    }

    String stderrOf(String name) throws IOException {
        return Files.exists(stderr(name)) ? Files.readString(stderr(name)) : "";
    }

    /** A test's steps with children. */
    interface Steps {
        void run() throws Exception;
    }

    /** Runs {@code steps}; if they fail, prints what every child said before passing the failure on. */
    void printingLogsOnFailure(Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Throwable t) {
            printLogs();
            throw t;
        }
    }

    /** Prints the output of every child started so far to the test's standard error. */
    void printLogs() throws IOException {
        for (String name : names) {
            for (Path log : List.of(stdout(name), stderr(name))) {
                System.err.println("==== " + log.getFileName() + " ====");
                System.err.println(Files.exists(log) ? Files.readString(log) : "(missing)");
            }
        }
    }

    /**
     * Waits, woken by changes under {@code watched}, until {@code condition} holds (failing at
     * {@code deadlineMs} or if {@code p} ends first), then {@code thenMs} more, and kills {@code p}
     * with SIGKILL; fails if it ended on its own meanwhile.
     *
     * @return what {@code atKill} saw just before the kill
     */
    static <T> T killWhen(Process p, String what, long deadlineMs, BooleanSupplier condition, long thenMs,
                          Callable<T> atKill, Path... watched) throws Exception {
        try (FileTreeWatcher watcher = new FileTreeWatcher(watched)) {
            watcher.await(what, p, deadlineMs, condition);
        }
        T seen;
        try {
            assertThat(p.waitFor(thenMs, TimeUnit.MILLISECONDS))
                    .as("the process ended on its own before it was killed %d ms after: %s", thenMs, what).isFalse();
            seen = atKill.call();
        } finally {
            p.destroyForcibly();
        }
        kill(p);
        return seen;
    }

    /** {@link #killWhen} with nothing to look at before the kill. */
    static void killWhen(Process p, String what, long deadlineMs, BooleanSupplier condition, long thenMs,
                         Path... watched) throws Exception {
        killWhen(p, what, deadlineMs, condition, thenMs, () -> null, watched);
    }

    /** What a crash test saw just before a kill: the newest complete checkpoint and the committed lines. */
    record AtKill(long newestCheckpoint, int committedLines) {

        static AtKill of(Path checkpoints, Path output) throws IOException {
            return new AtKill(newestCompleteCheckpoint(checkpoints), CommittedFiles.readLines(output).size());
        }
    }

    /** Waits at most {@code deadlineMs} for {@code p} to exit on its own; fails (and kills it) if it does not. */
    static int awaitExit(Process p, String what, long deadlineMs) throws InterruptedException {
        boolean ended = p.waitFor(deadlineMs, TimeUnit.MILLISECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("%s ends within %d ms", what, deadlineMs).isTrue();
        return p.exitValue();
    }

    /**
     * Kills {@code p} with SIGKILL (on Linux and macOS: no shutdown hook, no close, no flush) and
     * checks that this is how it ended.
     */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(KILL_DEADLINE_MS, TimeUnit.MILLISECONDS)).as("the killed process is gone").isTrue();
        assertThat(p.exitValue()).as("exit value of a process killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
    }

    /**
     * The highest id of a complete checkpoint ({@code <job id>/chk-<n>/_metadata}) under {@code checkpoints};
     * ids count from 1, so at least {@code n} checkpoints completed. Directories come and go while the
     * job runs (older checkpoints are deleted): a walk that trips over one is simply repeated later.
     */
    static long newestCompleteCheckpoint(Path checkpoints) {
        Path newest = newestCompleteCheckpointDirectory(checkpoints);
        return newest == null ? 0 : idOf(newest);
    }

    /** The directory of the newest complete checkpoint under {@code checkpoints}, or null if there is none (yet). */
    static Path newestCompleteCheckpointDirectory(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(d -> CHECKPOINT_ID.matcher(d.getFileName().toString()).matches())
                    .max((a, b) -> Long.compare(idOf(a), idOf(b)))
                    .orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    static long idOf(Path checkpointDirectory) {
        Matcher m = CHECKPOINT_ID.matcher(checkpointDirectory.getFileName().toString());
        assertThat(m.matches()).as("%s is a checkpoint directory", checkpointDirectory).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }
}
