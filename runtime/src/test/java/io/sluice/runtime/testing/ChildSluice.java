package io.sluice.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@code sluice run ...} in child JVMs started as {@code bin/sluice} starts one (its JVM flags,
 * the test's class path), for crash tests that kill a job with SIGKILL and resume it. Each child's
 * output goes to {@code <name>.stdout.log} and {@code <name>.stderr.log} under a log directory;
 * closing kills every child still alive. Used from the test thread only.
 */
public final class ChildSluice implements AutoCloseable {

    /** Exit value of a process killed by SIGKILL: 128 + 9. */
    public static final int SIGKILL_EXIT = 128 + 9;
    private static final Pattern CHECKPOINT_ID = Pattern.compile("chk-(\\d+)");

    private final Path logDirectory;
    private final List<String> names = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    public ChildSluice(Path logDirectory) throws IOException {
        this.logDirectory = Files.createDirectories(logDirectory);
    }

    /** Starts {@code sluice run RUN_ARGS} as child {@code name}. */
    public Process start(String name, String... runArgs) throws IOException {
        if (names.contains(name)) {
            throw new IllegalArgumentException("a child named " + name + " was started already");
        }
        List<String> command = command(List.of("-Dorg.slf4j.simpleLogger.log.io.sluice.runtime.executor=info"),
                runArgs);
        Process p = new ProcessBuilder(command)
                .redirectOutput(logDirectory.resolve(name + ".stdout.log").toFile())
                .redirectError(logDirectory.resolve(name + ".stderr.log").toFile())
                .start();
        names.add(name);
        processes.add(p);
        return p;
    }

    /**
     * The command line of {@code sluice run RUN_ARGS} in a child JVM as {@code bin/sluice} starts it:
     * its JVM flags, a 512 MiB heap, {@code extraJvmArgs}, the test's class path.
     */
    public static List<String> command(List<String> extraJvmArgs, String... runArgs) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("run");
        args.addAll(List.of(runArgs));
        return sluiceCommand(extraJvmArgs, args.toArray(String[]::new));
    }

    /** The command line of {@code sluice ARGS} (any command) in a child JVM, as {@link #command} builds it. */
    public static List<String> sluiceCommand(List<String> extraJvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sluiceJvmFlags());
        command.add("-Xmx512m");
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.sluice.runtime.cli.SluiceCli");
        command.addAll(List.of(args));
        return command;
    }

    /** What child {@code name} wrote to its standard output so far. */
    public String stdoutOf(String name) throws IOException {
        Path log = logDirectory.resolve(name + ".stdout.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Everything every child said so far, for a failure message. */
    public String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : names) {
            for (String stream : List.of("stdout", "stderr")) {
                Path log = logDirectory.resolve(name + "." + stream + ".log");
                all.append("==== ").append(log.getFileName()).append(" ====\n")
                        .append(Files.exists(log) ? Files.readString(log) : "(missing)").append('\n');
            }
        }
        return all.toString();
    }

    /** Kills {@code p} with SIGKILL (no shutdown hook, no close, no flush) and waits until it is gone. */
    public static int kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a process killed with SIGKILL is still there after 10 s");
        }
        return p.exitValue();
    }

    /**
     * The highest id of a complete checkpoint ({@code <job id>/chk-<n>/_metadata}) under
     * {@code checkpoints}, or 0. Directories come and go while the job runs: a walk that trips over
     * one answers 0 and is simply repeated later.
     */
    public static long newestCompleteCheckpoint(Path checkpoints) {
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

    /** The JVM flags of {@code bin/sluice}: the runtime's {@code sluice-jvm.flags}. */
    private static List<String> sluiceJvmFlags() throws IOException {
        Properties flags = new Properties();
        try (InputStream in = ChildSluice.class.getClassLoader().getResourceAsStream("sluice-jvm.flags")) {
            if (in == null) {
                throw new IllegalStateException("sluice-jvm.flags of sluice-runtime is not on the test class path");
            }
            flags.load(in);
        }
        List<String> out = new ArrayList<>(List.of(flags.getProperty("base").trim().split("\\s+")));
        if (Runtime.version().feature() >= 23) {
            out.addAll(List.of(flags.getProperty("jdk23").trim().split("\\s+")));
        }
        return out;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }
}
