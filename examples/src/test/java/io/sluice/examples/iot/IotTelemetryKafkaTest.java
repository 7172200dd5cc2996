package io.sluice.examples.iot;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.connectors.kafka.KafkaBroker;
import io.sluice.examples.common.UsageException;
import io.sluice.examples.testing.CapturedStdout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The IoT telemetry job with {@code --kafka}: readings generated into topics of a real broker, and read from them. */
class IotTelemetryKafkaTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldGenerateIntoNewTopicsThenReadTheSameReadingsAgainFromThem() throws Exception {
        GeneratedTelemetry expected = new TelemetryGenerator(8, 300, 5).generate();
        String[] generate = {"--kafka", BROKER.bootstrapServers(), "--topics", "fleet", "--seconds", "1",
                "--speedup", "300", "--devices", "8", "--seed", "5", "--data-dir", dir.resolve("first").toString()};

        Output first = run(2, generate);

        assertThat(BROKER.readAllCommitted("fleet-readings")).hasSize(expected.readings().size());
        IotTelemetryTest.assertReportedExactly(expected, first.result(), first.queue(), first.stdout());

        // The topics exist now: read as they are, as fast as they go, at another parallelism.
        Output again = run(3, "--kafka", BROKER.bootstrapServers(), "--topics", "fleet", "--data-dir",
                dir.resolve("again").toString());

        IotTelemetryTest.assertReportedExactly(expected, again.result(), again.queue(), again.stdout());
        assertThatThrownBy(() -> run(1, "--kafka", BROKER.bootstrapServers(), "--topics", "fleet", "--seed", "6"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--seed is for generated readings");
    }

    private record Output(JobResult result, List<String> queue, List<String> stdout) {
    }

    private Output run(int parallelism, String... args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        Path dataDir = Path.of(args[args.length - 1]);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50));
        new IotTelemetry().define(env, args);
        try (CapturedStdout out = new CapturedStdout()) {
            JobClient job = env.executeAsync("iot-telemetry-kafka-test");
            JobResult result = job.await(Duration.ofSeconds(60));
            assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
            return new Output(result, IotTelemetryTest.committed(dataDir.resolve("output")), out.lines());
        }
    }
}
