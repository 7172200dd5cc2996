package io.sluice.examples.jobjar;

import io.sluice.connectors.kafka.KafkaBroker;
import io.sluice.connectors.kafka.KafkaSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka connector from a job jar run by {@code bin/sluice run JAR} in a child process, against
 * a real broker. The jar is built as a shaded job jar is: the job with the Kafka connector and
 * kafka-clients inside, which its own class loader then prefers to the launcher's copies.
 */
class KafkaJobJarTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void shouldRunAKafkaJobFromAJarThatBundlesTheConnectorAndTheClient() throws Exception {
        SluiceCommand sluice = new SluiceCommand(dir);
        BROKER.createTopic("jar-in", 2);
        BROKER.createTopic("jar-out", 2);
        int count = 6000;
        for (int p = 0; p < 2; p++) {
            int partition = p;
            BROKER.produce("jar-in", p, IntStream.range(0, count).filter(v -> v % 2 == partition)
                    .mapToObj(Integer::toString).toList());
        }
        Path jar = JobJars.write(dir.resolve("kafka-job.jar"), j -> j.withClass(KafkaCopyJob.class)
                        .withLibraryOf(KafkaSource.class).withLibraryOf(KafkaProducer.class),
                "Sluice-Job", KafkaCopyJob.class.getName());

        SluiceCommand.Result run = sluice.run("run", jar.toString(), BROKER.bootstrapServers(), "jar-in", "jar-out",
                dir.resolve("checkpoints").toString(), "3001");

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stderr()).contains("sluice: job KafkaCopyJob FINISHED").contains("restarts in")
                .contains("injected failure at value 3001");
        assertThat(JobJarEndToEndTest.loadedFrom(run, KafkaCopyJob.CONNECTOR_FROM)).as("the connector")
                .isEqualTo(jar);
        assertThat(JobJarEndToEndTest.loadedFrom(run, KafkaCopyJob.CLIENT_FROM)).as("kafka-clients")
                .isEqualTo(jar);
        List<String> written = BROKER.readAllCommitted("jar-out");
        assertThat(new TreeSet<>(written)).as("every value, none lost and nothing else")
                .isEqualTo(new TreeSet<>(IntStream.range(0, count).mapToObj(v -> "v" + v).toList()));
        assertThat(written.size()).as("at least once: repeats only after the restart")
                .isGreaterThanOrEqualTo(count);
        System.out.printf("%d records written for %d values after one restart%n", written.size(), count);
    }
}
