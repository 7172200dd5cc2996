package io.sluice.examples.jobjar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.chronicle.ChronicleCommittedReader;
import io.sluice.connectors.chronicle.QueuePosition;
import io.sluice.runtime.testing.ChildSluice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.sluice.runtime.testing.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime as a user runs it, every part a child process: {@code sluice runtime}, jobs submitted
 * from a jar with {@code sluice submit}, watched through the REST API, stopped with a savepoint and
 * submitted again from it at another parallelism, a second job beside it, the runtime killed with
 * {@code kill -9} and started again on its data directory: both jobs resume, and the output of each
 * holds every record exactly once.
 */
class RuntimeServerEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int started;

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldKeepEveryJobsOutputExactThroughSavepointsRescalingAndAKilledRuntime() throws Exception {
        Path jar = JobJars.write(dir.resolve("copy-job.jar"), j -> j.withClass(ServerCopyJob.class), "Sluice-Job",
                ServerCopyJob.class.getName());
        List<String> first = lines("a", 20000);
        List<String> second = lines("b", 10000);
        Path in1 = produce("in-1", first);
        Path in2 = produce("in-2", second);
        Path out1 = dir.resolve("out-1");
        Path out2 = dir.resolve("out-2");
        Path data = dir.resolve("runtime-data");

        Process runtime = startRuntime(data);
        String address = addressOf(runtime);

        String copy = submit(address, jar, "--name", "copy", "--parallelism", "1", "--", in1.toString(),
                out1.toString(), "700");
        await("the copy job runs", TIMEOUT, () -> state(address, copy).equals("RUNNING"));
        await("the copy job has written some", TIMEOUT, () -> committed(out1).size() > 300);

        Path savepoint = dir.resolve("savepoint");
        ChildResult stop = sluice(address, "stop", copy, "--savepoint", savepoint.toString());
        assertThat(stop.exit()).as("%s", stop).isZero();
        assertThat(stop.out().strip()).isEqualTo(savepoint.toString());
        assertThat(state(address, copy)).isIn("CANCELLING", "CANCELED");
        int atStop = committed(out1).size();
        assertThat(atStop).as("stopped mid-stream").isLessThan(first.size());

        String rescaled = submit(address, jar, "--name", "copy-p2", "--parallelism", "2", "--from-savepoint",
                savepoint.toString(), "--", in1.toString(), out1.toString(), "700");
        String other = submit(address, jar, "--name", "other", "--", in2.toString(), out2.toString(), "700");
        await("both run", TIMEOUT, () -> state(address, rescaled).equals("RUNNING")
                && state(address, other).equals("RUNNING"));
        JsonNode graph = get(address, "/api/jobs/" + rescaled + "/graph");
        assertThat(graph.get("operators").get(0).get("parallelism").asInt()).isEqualTo(2);
        await("both completed a checkpoint", TIMEOUT, () -> completedCheckpoints(address, rescaled) > 0
                && completedCheckpoints(address, other) > 0);
        await("both have written more", TIMEOUT, () -> committed(out1).size() > atStop + 300
                && committed(out2).size() > 300);

        assertThat(ChildSluice.kill(runtime)).isEqualTo(ChildSluice.SIGKILL_EXIT);
        assertThat(committed(out1).size()).as("killed mid-stream").isLessThan(first.size());

        Process again = startRuntime(data);
        String address2 = addressOf(again);
        await("both resume", TIMEOUT, () -> state(address2, rescaled).equals("RUNNING")
                && state(address2, other).equals("RUNNING"));
        assertThat(get(address2, "/api/jobs/" + rescaled + "/checkpoints").get("restoredFrom").isNull())
                .as("resumed from a checkpoint").isFalse();
        assertThat(state(address2, copy)).as("the stopped job stays stopped").isNotEqualTo("RUNNING");

        await("every record is out", TIMEOUT, () -> committed(out1).size() >= first.size()
                && committed(out2).size() >= second.size());
        assertThat(committed(out1)).as("the copy job's output, exactly once through stop, rescale and kill -9")
                .containsExactlyInAnyOrderElementsOf(upper(first));
        assertThat(committed(out2)).as("the other job's output, exactly once through kill -9")
                .containsExactlyElementsOf(upper(second));

        ChildResult list = sluice(address2, "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("copy-p2", "other", "copy");
    }

    private static List<String> lines(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + " record " + i).toList();
    }

    private static List<String> upper(List<String> lines) {
        return lines.stream().map(l -> l.toUpperCase(Locale.ROOT)).toList();
    }

    private Path produce(String name, List<String> lines) throws Exception {
        Path queue = dir.resolve(name);
        Path file = Files.write(dir.resolve(name + ".txt"), lines);
        ChildResult r = sluice(null, "queue-produce", queue.toString(), file.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        return queue;
    }

    private static List<String> committed(Path queue) throws Exception {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(queue)) {
            return out;
        }
        try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(queue, QueuePosition.START)) {
            while (reader.poll(10_000, r -> out.add(new String(r.value(), StandardCharsets.UTF_8))) > 0) {
                // until nothing more is committed
            }
        }
        return out;
    }

    private Process startRuntime(Path data) throws IOException {
        int n = ++started;
        List<String> command = ChildSluice.sluiceCommand(List.of(), "runtime", "--port", "0", "--data-dir",
                data.toString(), "--workers", "2", "-D", "checkpoint.interval=200ms");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("runtime-" + n + ".out").toFile())
                .redirectError(dir.resolve("runtime-" + n + ".err").toFile()).start();
        processes.add(p);
        return p;
    }

    private String addressOf(Process runtime) throws Exception {
        Path out = dir.resolve("runtime-" + started + ".out");
        String[] address = new String[1];
        await("the runtime listens", TIMEOUT, () -> {
            if (!runtime.isAlive()) {
                throw new AssertionError("the runtime exited: " + Files.readString(dir.resolve("runtime-" + started
                        + ".err")));
            }
            Matcher m = LISTENING.matcher(Files.readString(out));
            if (m.find()) {
                address[0] = m.group(1);
                return true;
            }
            return false;
        });
        return address[0];
    }

    private record ChildResult(int exit, String out, String err) {
    }

    /** {@code sluice ARGS} in a child JVM with SLUICE_RUNTIME set to {@code address} ("queue-produce": the queue tool). */
    private ChildResult sluice(String address, String... args) throws Exception {
        List<String> command;
        if (args[0].equals("queue-produce")) {
            command = new ArrayList<>(ChildSluice.sluiceCommand(List.of(), "produce", args[1], args[2]));
            command.set(command.indexOf("io.sluice.runtime.cli.SluiceCli"), "io.sluice.connectors.chronicle.QueueCli");
        } else {
            command = ChildSluice.sluiceCommand(List.of(), args);
        }
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (address != null) {
            builder.environment().put("SLUICE_RUNTIME", address);
        }
        Process p = builder.start();
        processes.add(p);
        assertThat(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("sluice %s ends", List.of(args)).isTrue();
        return new ChildResult(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String submit(String address, Path jar, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("submit", jar.toString()));
        all.addAll(List.of(args));
        ChildResult r = sluice(address, all.toArray(String[]::new));
        assertThat(r.exit()).as("%s", r).isZero();
        return r.out().strip();
    }

    private JsonNode get(String address, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(address + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String state(String address, String jobId) throws Exception {
        return get(address, "/api/jobs/" + jobId).get("state").asText();
    }

    private long completedCheckpoints(String address, String jobId) throws Exception {
        return get(address, "/api/jobs/" + jobId + "/checkpoints").get("counts").get("completed").asLong();
    }
}
