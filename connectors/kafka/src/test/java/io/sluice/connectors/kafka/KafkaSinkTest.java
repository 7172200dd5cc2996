package io.sluice.connectors.kafka;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The at-least-once sink against a real broker, under the runtime. */
class KafkaSinkTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dir;

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteToTheTopicPartitionAndKeyTheSerializerChooses() throws Exception {
        BROKER.createTopic("even", 2);
        BROKER.createTopic("odd", 1);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSequence(0, 999).rebalance().sinkTo(KafkaSink.builder(BROKER.bootstrapServers(),
                (Long v, long ts) -> new ProducerRecord<>(v % 2 == 0 ? "even" : "odd", v % 2 == 0 ? (int) (v % 4 / 2) : 0,
                        ("k" + v).getBytes(StandardCharsets.UTF_8), ("v" + v).getBytes(StandardCharsets.UTF_8)))
                .build());

        assertThat(env.executeAsync("routed").await(Await.DEADLINE).status()).isEqualTo(JobStatus.FINISHED);

        List<ConsumerRecord<byte[], byte[]>> even = BROKER.readAll("even", "read_committed");
        assertThat(even).extracting(r -> r.partition() + ":" + text(r.key()) + ":" + text(r.value()))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 1000).filter(v -> v % 2 == 0)
                        .mapToObj(v -> (v % 4 / 2) + ":k" + v + ":v" + v).toList());
        assertThat(BROKER.readAllCommitted("odd")).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, 1000).filter(v -> v % 2 == 1).mapToObj(v -> "v" + v).toList());
    }

    @Test
    void shouldWriteEveryElementAtLeastOnceThroughFailuresAndRestores() throws Exception {
        BROKER.createTopic("at-least-once", 3);
        long count = 20_000;
        FailingSequenceSource source = new FailingSequenceSource(count, 4, 20, 2);
        StreamEnvironment env = RestartingJobs.environment(dir, 5);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "paced").uid("paced")
                .map(v -> "v" + v).uid("text")
                .sinkTo(KafkaSink.builder(BROKER.bootstrapServers(), "at-least-once", RecordSerializer.utf8())
                        .maxPendingRecords(500).build()).uid("kafka");

        JobClient job = env.executeAsync("at-least-once");
        assertThat(job.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);

        assertThat(source.failuresLeft()).as("the injected failures happened").isNotPositive();
        List<String> written = BROKER.readAllCommitted("at-least-once");
        assertThat(new TreeSet<>(written)).as("every value written, none lost")
                .isEqualTo(new TreeSet<>(LongStream.range(0, count).mapToObj(v -> "v" + v).toList()));
        assertThat(written.size()).as("at least once: repeats after restores only").isGreaterThanOrEqualTo((int) count);
    }

    @Test
    void shouldFailTheJobNamingTheSinkWhenTheProducerCannotWrite() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSequence(1, 3).map(String::valueOf)
                .sinkTo(KafkaSink.builder(BROKER.bootstrapServers(), "no-such-topic", RecordSerializer.utf8())
                        .property("max.block.ms", "500").build());

        assertThatThrownBy(() -> env.execute("missing-topic")).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("Kafka sink")
                .hasMessageContaining("no-such-topic")
                .hasMessageContaining("max.block.ms")
                .hasMessageNotContaining("..");
    }
}
