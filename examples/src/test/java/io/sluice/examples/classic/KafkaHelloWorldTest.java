package io.sluice.examples.classic;

import io.sluice.api.Job;
import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.connectors.kafka.KafkaBroker;
import io.sluice.examples.common.UsageException;
import io.sluice.examples.testing.CapturedStdout;
import io.sluice.runtime.testing.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka's hello world: the producer job and the reader job under the runtime, against a real broker. */
class KafkaHelloWorldTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @Test
    void shouldPrintHelloWorldWrittenByTheProducerJob() throws Exception {
        BROKER.createTopic("hello-world", 1);

        assertThat(run(new KafkaHelloProducer(), "--bootstrap-servers", BROKER.bootstrapServers())).isEmpty();
        List<String> printed = run(new KafkaHelloReader(), "--bootstrap-servers", BROKER.bootstrapServers());

        assertThat(BROKER.readAllCommitted("hello-world")).containsExactly("hello world");
        assertThat(printed).containsExactly("hello world");
    }

    @Test
    void shouldPrintEveryMessageOfTheTopicFromTheEarliestOnceInOrder() throws Exception {
        BROKER.createTopic("messages", 1);
        List<String> sent = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            String message = "message " + seed + ": " + Long.toHexString(random.nextLong()) + " "
                    + "é".repeat(random.nextInt(4));
            run(new KafkaHelloProducer(), "--bootstrap-servers", BROKER.bootstrapServers(), "--topic", "messages",
                    "--message", message);
            sent.add(message);

            List<String> printed = run(new KafkaHelloReader(), "--bootstrap-servers", BROKER.bootstrapServers(),
                    "--topic", "messages");

            assertThat(printed).as("after %d messages", sent.size()).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void shouldGoOnPrintingNewMessagesWhenFollowing() throws Exception {
        BROKER.createTopic("followed", 1);
        BROKER.produce("followed", 0, List.of("before"));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        new KafkaHelloReader().define(env, new String[] {"--bootstrap-servers", BROKER.bootstrapServers(),
                "--topic", "followed", "--follow", "true"});

        try (CapturedStdout out = new CapturedStdout()) {
            JobClient job = env.executeAsync("kafka-hello-reader");
            try {
                Conditions.await("the message written before the job started", Duration.ofSeconds(20),
                        () -> out.lines().equals(List.of("before")));
                BROKER.produce("followed", 0, List.of("after"));
                Conditions.await("the message written while it runs", Duration.ofSeconds(20),
                        () -> out.lines().equals(List.of("before", "after")));
                assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel();
                job.await(Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void shouldRefuseAFollowValueOtherThanTrueOrFalse() {
        assertThatThrownBy(() -> new KafkaHelloReader().define(StreamEnvironment.create(),
                new String[] {"--follow", "yes"}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--follow is 'true' or 'false', got 'yes'")
                .hasMessageContaining("usage: KafkaHelloReader");
    }

    private static List<String> run(Job job, String... args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        job.define(env, args);
        try (CapturedStdout out = new CapturedStdout()) {
            assertThat(env.executeAsync("kafka-hello").await(Duration.ofSeconds(30)).status())
                    .isEqualTo(JobStatus.FINISHED);
            return out.lines();
        }
    }
}
