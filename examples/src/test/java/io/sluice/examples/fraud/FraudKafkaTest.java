package io.sluice.examples.fraud;

import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.connectors.kafka.KafkaBroker;
import io.sluice.examples.testing.CapturedStdout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fraud job with {@code --kafka}, against a real broker: the generator inside the job writes the
 * transactions topic, the job reads it and the rules topic and writes the alerts topic, exactly once.
 */
class FraudKafkaTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldAlertEveryInjectedFraudExactlyOnceThroughKafkaTopics() throws Exception {
        FraudGenerator.Traffic traffic = FraudGenerator.generate(FraudGenerator.Settings.defaults(9)
                .withTransactions(100, 1_500, 5));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        new FraudDetection().define(env, new String[] {"--kafka", BROKER.bootstrapServers(), "--topic-prefix", "t1-",
            "--seconds", "2", "--seed", "9", "--accounts", "100", "--transactions", "1500"});

        List<String> printed;
        try (CapturedStdout out = new CapturedStdout()) {
            assertThat(env.executeAsync("fraud-kafka").await(Duration.ofSeconds(60)).status())
                    .isEqualTo(JobStatus.FINISHED);
            printed = out.lines();
        }

        List<String> alerts = BROKER.readAllCommitted("t1-alerts");
        assertThat(FraudRun.actual(alerts)).containsExactlyInAnyOrderElementsOf(FraudRun.expected(traffic.frauds()))
                .doesNotHaveDuplicates().hasSize(20);
        assertThat(BROKER.readAllCommitted("t1-transactions")).hasSize(traffic.transactions().size() + 1);
        assertThat(printed).anyMatch(l -> l.startsWith("STATUS final transactions=" + traffic.transactions().size()
                + " alerts=20 "));
    }
}
