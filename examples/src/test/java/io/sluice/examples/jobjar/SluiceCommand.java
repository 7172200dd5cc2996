package io.sluice.examples.jobjar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the project's {@code bin/sluice} script as a child process, as a user would, with the JDK
 * that runs the tests. The script builds and installs the project when it finds no build; a test
 * must not do that (it would replace the artifacts of the local repository while the build that
 * runs the test is still going), so a missing build fails the test instead, saying how to build.
 */
final class SluiceCommand {

    /** What the script printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private static final long DEADLINE_MS = 120_000;

    private final Path home;
    private final Path logs;
    private int runs;

    /** {@code bin/sluice} of the project this module is in; its output goes to files in {@code logs}. */
    SluiceCommand(Path logs) {
        this.home = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                .getParent();
        this.logs = logs;
        assertThat(home.resolve("bin/sluice")).as("the sluice script").isExecutable();
        for (String built : List.of("runtime/target/classes/sluice-jvm.flags", "runtime/target/launcher.classpath",
                "examples/target/launcher.classpath")) {
            if (!Files.isRegularFile(home.resolve(built))) {
                fail(home.resolve(built) + " is missing, so bin/sluice would build and install the project itself;"
                        + " run the tests of the examples in a build of the runtime too (mvn test, or mvn -pl examples"
                        + " -am test)");
            }
        }
    }

    /** Runs {@code bin/sluice args...} to its end. */
    Result run(String... args) throws IOException, InterruptedException {
        int run = ++runs;
        Path out = logs.resolve("sluice-" + run + ".out");
        Path err = logs.resolve("sluice-" + run + ".err");
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/sluice").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(logs.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS", "-Xmx256m");
        Process process = builder.start();
        try {
            if (!process.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)) {
                fail("bin/sluice " + String.join(" ", args) + " did not end within " + DEADLINE_MS + " ms; stderr:\n"
                        + Files.readString(err));
            }
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
