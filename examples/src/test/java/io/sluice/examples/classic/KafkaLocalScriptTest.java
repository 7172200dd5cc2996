package io.sluice.examples.classic;

import io.sluice.api.Job;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.examples.testing.CapturedStdout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/kafka-local.sh}: its syntax and usage, and a real start, Kafka's hello world
 * against the broker it started, and a clean up, each command with a deadline. The script is given
 * this JVM's class path (which holds kafka_2.13) instead of resolving the jars with Maven.
 */
class KafkaLocalScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().resolve("kafka-local.sh");

    @TempDir
    Path dir;

    record Result(int exitCode, String stdout, String stderr) {
    }

    @Test
    void shouldBeValidBash() throws Exception {
        Result check = command(List.of("bash", "-n", SCRIPT.toString()), Duration.ofSeconds(10));

        assertThat(check.exitCode()).as("%s", check).isZero();
        assertThat(check.stderr()).isEmpty();
    }

    @Test
    void shouldPrintItsUsageWithHelpAndRefuseAnUnknownCommand() throws Exception {
        Result help = script(Duration.ofSeconds(10), "--help");
        Result unknown = script(Duration.ofSeconds(10), "begin");

        assertThat(help.exitCode()).as("%s", help).isZero();
        assertThat(help.stdout()).contains("examples/kafka-local.sh start [--port PORT]", "\nstop ", "\nclean ");
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("kafka-local: unknown command 'begin'");
    }

    @Test
    void shouldStartABrokerThatRunsHelloWorldAndStopAndDeleteIt() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path brokerDir = dir.resolve("kafka");
        String[] where = {"--dir", brokerDir.toString()};
        try {
            Result start = script(Duration.ofSeconds(90), "start", "--port", Integer.toString(port),
                    "--controller-port", Integer.toString(controllerPort), "--dir", brokerDir.toString());

            assertThat(start.exitCode()).as("%s", start).isZero();
            assertThat(start.stdout()).contains("a Kafka broker runs at localhost:" + port)
                    .contains("stop it with examples/kafka-local.sh stop --dir " + brokerDir)
                    .contains("delete its topics with examples/kafka-local.sh clean --dir " + brokerDir);
            assertThat(script(Duration.ofSeconds(10), "status", where[0], where[1]).exitCode()).isZero();

            String bootstrap = "localhost:" + port;
            run(new KafkaHelloProducer(), "--bootstrap-servers", bootstrap); // the broker creates the topic
            assertThat(run(new KafkaHelloReader(), "--bootstrap-servers", bootstrap)).containsExactly("hello world");
        } finally {
            long pid = Files.exists(brokerDir.resolve("broker.pid"))
                    ? Long.parseLong(Files.readString(brokerDir.resolve("broker.pid")).trim()) : -1;
            Result clean = script(Duration.ofSeconds(40), "clean", where[0], where[1]);

            assertThat(clean.exitCode()).as("%s", clean).isZero();
            assertThat(clean.stdout()).contains("deleted " + brokerDir);
            assertThat(brokerDir).doesNotExist();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the broker process %d", pid).isEmpty();
        }
        Result status = script(Duration.ofSeconds(10), "status", where[0], where[1]);
        assertThat(status.exitCode()).as("%s", status).isEqualTo(3);
    }

    private Result script(Duration deadline, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return command(command, deadline);
    }

    private Result command(List<String> command, Duration deadline) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("SLUICE_KAFKA_CLASSPATH", System.getProperty("java.class.path"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + deadline + "; stderr: "
                    + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> run(Job job, String... args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        job.define(env, args);
        try (CapturedStdout out = new CapturedStdout()) {
            assertThat(env.executeAsync("kafka-hello").await(Duration.ofSeconds(60)).status())
                    .isEqualTo(JobStatus.FINISHED);
            return out.lines();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
