package io.sluice.examples.iot;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.functions.MapFunction;
import io.sluice.connectors.chronicle.ChronicleCommittedReader;
import io.sluice.connectors.chronicle.QueuePosition;
import io.sluice.examples.testing.CapturedStdout;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.FaultInjector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IoT telemetry job over generated readings, through real Chronicle queues with checkpoints on:
 * its window results, alerts and late readings checked exactly, each once, against a brute-force
 * oracle and the generator's ground truth, over several seeds and parallelisms.
 */
class IotTelemetryTest {

    private static final Pattern ALERT = Pattern.compile("ALERT (\\w+) device=(\\S+) time=(\\S+) (.*)");
    private static final Pattern SENSOR = Pattern.compile("sensor=(\\w+) value=(\\S+) .*");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, parallelism {1}")
    @CsvSource({"1, 1", "2, 2", "3, 3"})
    void shouldReportEveryWindowAlertAndLateReadingExactlyOnce(long seed, int parallelism) throws Exception {
        GeneratedTelemetry telemetry = new TelemetryGenerator(8, 300, seed).generate();
        assertThat(telemetry.silences()).as("silences injected").isNotEmpty();
        assertThat(telemetry.anomalies()).as("anomalies injected").isNotEmpty();
        assertThat(telemetry.late()).as("late readings").isNotEmpty();

        List<String> expectedWindows = TelemetryOracle.windowLines(telemetry.readings());
        assertThat(expectedWindows.stream().map(IotTelemetryTest::windowKey).distinct().count())
                .as("windows reported again for readings the allowed lateness admits")
                .isLessThan(expectedWindows.size());

        Run run = run(telemetry, parallelism);

        assertReportedExactly(telemetry, run.result(), run.output(), run.stdout());
    }

    /** The job's output queue and console hold exactly what the oracle and the ground truth say, once each. */
    static void assertReportedExactly(GeneratedTelemetry telemetry, JobResult result, List<String> output,
                                      List<String> stdout) {
        List<String> windows = output.stream().filter(l -> l.startsWith("WINDOW ")).toList();
        assertThat(windows).containsExactlyInAnyOrderElementsOf(TelemetryOracle.windowLines(telemetry.readings()));
        List<String> late = output.stream().filter(l -> l.startsWith("LATE ")).toList();
        assertThat(late).containsExactlyInAnyOrderElementsOf(
                telemetry.late().stream().map(r -> "LATE " + TelemetryLines.format(r)).toList());
        assertThat(result.metrics().userCounter("late-readings", CountLateReadings.COUNTER))
                .isEqualTo(telemetry.late().size());

        List<String> alerts = output.stream().filter(l -> l.startsWith("ALERT ")).toList();
        assertThat(alerts).hasSize(output.size() - windows.size() - late.size());
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT anomaly ")).map(IotTelemetryTest::anomalyKey))
                .containsExactlyInAnyOrderElementsOf(telemetry.anomalies().stream()
                        .map(r -> r.device() + " " + r.sensor() + " " + r.timeMs() + " " + r.value()).toList());
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT silent ")).map(IotTelemetryTest::deviceAndTime))
                .containsExactlyInAnyOrderElementsOf(telemetry.silences().stream()
                        .map(s -> s.device() + " " + s.lastSeenMs()).toList());
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT back ")).map(IotTelemetryTest::deviceAndTime))
                .containsExactlyInAnyOrderElementsOf(telemetry.silences().stream()
                        .map(s -> s.device() + " " + s.backMs()).toList());

        // The console: every alert once, on a line of its own, and the final status line last.
        assertThat(stdout.stream().filter(l -> l.startsWith("ALERT ")).toList())
                .containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(stdout).last().isEqualTo("final readings=" + telemetry.readings().size() + " windows="
                + windows.size() + " alerts=" + alerts.size() + " late=" + late.size() + " watermark=end");
        assertThat(stdout).filteredOn(l -> !l.startsWith("ALERT ")).allMatch(l -> l.matches(
                "(status|final) readings=\\d+ windows=\\d+ alerts=\\d+ late=\\d+ watermark=\\S+"));
    }

    @Test
    void shouldAlertExactlyOnceAndCountEveryReadingOnceThroughFailuresAndRestores() throws Exception {
        GeneratedTelemetry telemetry = new TelemetryGenerator(8, 300, 4).generate();
        FaultInjector faults = new FaultInjector(4, 2, telemetry.readings().size(), 1);

        // Paced (about 0.7 s in all), so that checkpoints complete between the failures.
        Run run = run(telemetry, 2, 10_000, env -> env.config()
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, 3)
                .set(RestartOptions.DELAY, Duration.ofMillis(20)), reading -> {
                    faults.step(0);
                    return reading;
                });

        assertThat(faults.failuresInjected()).isEqualTo(2);
        assertThat(run.checkpoints().restarts()).isEqualTo(2);
        assertThat(run.checkpoints().lastRestoredId()).as("restored from a checkpoint").isPositive();
        List<String> alerts = run.output().stream().filter(l -> l.startsWith("ALERT ")).toList();
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT anomaly ")).map(IotTelemetryTest::anomalyKey))
                .containsExactlyInAnyOrderElementsOf(telemetry.anomalies().stream()
                        .map(r -> r.device() + " " + r.sensor() + " " + r.timeMs() + " " + r.value()).toList());
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT silent ")).map(IotTelemetryTest::deviceAndTime))
                .containsExactlyInAnyOrderElementsOf(telemetry.silences().stream()
                        .map(s -> s.device() + " " + s.lastSeenMs()).toList());
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT back ")).map(IotTelemetryTest::deviceAndTime))
                .containsExactlyInAnyOrderElementsOf(telemetry.silences().stream()
                        .map(s -> s.device() + " " + s.backMs()).toList());
        // Watermarks are not in checkpoints, so a reading just after a restore may meet a lower one
        // than in an unbroken run: the windows are checked for what does not depend on that.
        List<String> windows = run.output().stream().filter(l -> l.startsWith("WINDOW ")).toList();
        assertThat(windows).doesNotHaveDuplicates();
        assertThat(windows.stream().map(IotTelemetryTest::windowKey).distinct())
                .containsExactlyInAnyOrderElementsOf(TelemetryOracle.windowLines(telemetry.readings()).stream()
                        .map(IotTelemetryTest::windowKey).distinct().toList());
        assertThat(run.stdout()).last().asString().startsWith("final readings=" + telemetry.readings().size() + " ");
    }

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void shouldGoOnFromASavepointAtAnotherParallelism(int restoredParallelism) throws Exception {
        GeneratedTelemetry telemetry = new TelemetryGenerator(8, 300, 6).generate();
        Path readings = dir.resolve("readings");
        Path devices = dir.resolve("devices");
        Path output = dir.resolve("output");
        telemetry.writeTo(readings, devices);
        // Paced (about 1.4 s in all), so that the job is still running when the savepoint is taken.
        IotTelemetry.Settings settings = new IotTelemetry.Settings(readings, devices, output, 5_000, 100);
        List<String> stdout;
        try (CapturedStdout out = new CapturedStdout()) {
            StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
            env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                    .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
            IotTelemetry.build(env, settings);
            JobClient first = env.executeAsync("iot-telemetry-before");
            Conditions.await("a first checkpoint", Duration.ofSeconds(30),
                    () -> first.checkpointMetrics().completed() > 0);
            Path savepoint = first.stopWithSavepoint(dir.resolve("savepoint")).get(30, TimeUnit.SECONDS);
            first.await(Duration.ofSeconds(30));

            StreamEnvironment again = StreamEnvironment.create().setParallelism(restoredParallelism);
            again.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                    .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints-again").toString())
                    .set(CheckpointingOptions.RESTORE_FROM, savepoint.toString());
            IotTelemetry.build(again, new IotTelemetry.Settings(readings, devices, output, 0, 100));
            assertThat(again.executeAsync("iot-telemetry-after").await(Duration.ofSeconds(60)).status())
                    .isEqualTo(JobStatus.FINISHED);
            stdout = out.lines();
        }

        List<String> lines = committed(output);
        List<String> alerts = lines.stream().filter(a -> a.startsWith("ALERT ")).toList();
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT anomaly ")).map(IotTelemetryTest::anomalyKey))
                .containsExactlyInAnyOrderElementsOf(telemetry.anomalies().stream()
                        .map(r -> r.device() + " " + r.sensor() + " " + r.timeMs() + " " + r.value()).toList());
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT silent ")).map(IotTelemetryTest::deviceAndTime))
                .containsExactlyInAnyOrderElementsOf(telemetry.silences().stream()
                        .map(s -> s.device() + " " + s.lastSeenMs()).toList());
        assertThat(alerts.stream().filter(a -> a.startsWith("ALERT back ")).map(IotTelemetryTest::deviceAndTime))
                .containsExactlyInAnyOrderElementsOf(telemetry.silences().stream()
                        .map(s -> s.device() + " " + s.backMs()).toList());
        List<String> windows = lines.stream().filter(l -> l.startsWith("WINDOW ")).toList();
        assertThat(windows).doesNotHaveDuplicates();
        assertThat(windows.stream().map(IotTelemetryTest::windowKey).distinct())
                .containsExactlyInAnyOrderElementsOf(TelemetryOracle.windowLines(telemetry.readings()).stream()
                        .map(IotTelemetryTest::windowKey).distinct().toList());
        assertThat(stdout).last().asString().startsWith("final readings=" + telemetry.readings().size() + " ");
    }

    private static String windowKey(String windowLine) {
        return windowLine.substring(0, windowLine.indexOf(" count="));
    }

    private record Run(JobResult result, CheckpointMetrics checkpoints, List<String> output, List<String> stdout) {
    }

    private Run run(GeneratedTelemetry telemetry, int parallelism) throws Exception {
        return run(telemetry, parallelism, 0, env -> { }, null);
    }

    private Run run(GeneratedTelemetry telemetry, int parallelism, long readingsPerSecond,
                    Consumer<StreamEnvironment> configure, MapFunction<Reading, Reading> probe) throws Exception {
        Path readings = dir.resolve("readings");
        Path devices = dir.resolve("devices");
        Path output = dir.resolve("output");
        telemetry.writeTo(readings, devices);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        configure.accept(env);
        IotTelemetry.build(env, new IotTelemetry.Settings(readings, devices, output, readingsPerSecond, 100),
                probe);
        try (CapturedStdout out = new CapturedStdout()) {
            JobClient job = env.executeAsync("iot-telemetry-test");
            JobResult result = job.await(Duration.ofSeconds(60));
            assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
            return new Run(result, job.checkpointMetrics(), committed(output), out.lines());
        }
    }

    /** Every committed record of the queue, as text. */
    static List<String> committed(Path queue) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(queue, QueuePosition.START)) {
            while (reader.poll(1000, r -> lines.add(new String(r.value(), StandardCharsets.UTF_8))) > 0) {
                // reading on to the end
            }
        }
        return lines;
    }

    private static String anomalyKey(String alert) {
        Matcher m = matched(ALERT, alert);
        Matcher s = matched(SENSOR, m.group(4));
        return m.group(2) + " " + s.group(1) + " " + Instant.parse(m.group(3)).toEpochMilli() + " "
                + Double.parseDouble(s.group(2));
    }

    private static String deviceAndTime(String alert) {
        Matcher m = matched(ALERT, alert);
        return m.group(2) + " " + Instant.parse(m.group(3)).toEpochMilli();
    }

    private static Matcher matched(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.matches()).as("'%s' matches %s", text, p).isTrue();
        return m;
    }
}
