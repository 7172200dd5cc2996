package io.sluice.connectors.kafka;

import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once Kafka sink on a broker with transaction protocol version 1 (the protocol of Kafka
 * 3.x): an epoch stays the same across the transactions of a producer, so every transaction gets a
 * transactional id of its own, and restores still commit each checkpoint's records once.
 */
class ExactlyOnceKafkaSinkTransactionV1Test {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker(Map.of(), Map.of("transaction.version", "1"));

    @TempDir
    Path dir;

    @Test
    void shouldGiveEveryTransactionAnIdOfItsOwn() throws Exception {
        BROKER.createTopic("v1-ids", 1);
        ExactlyOnceKafkaSink<String> sink = KafkaSink.builder(BROKER.bootstrapServers(), "v1-ids",
                RecordSerializer.utf8()).exactlyOnce().build();
        List<KafkaTransaction> transactions = new ArrayList<>();
        List<String> written = new ArrayList<>();
        var writer = sink.createWriter(SinkContext.of(0, 1, "v1", "lineage"));
        try (TwoPhaseCommitSink.Committer<KafkaTransaction> committer = sink.createCommitter("v1")) {
            for (int c = 0; c < 6; c++) {
                writer.write("v" + c, Long.MIN_VALUE);
                written.add("v" + c);
                writer.flush(false);
                var t = writer.prepareCommit();
                transactions.addAll(t);
                committer.commit(t);
            }
            writer.close();
        }
        assertThat(transactions).allSatisfy(t -> assertThat(t.transactionV2()).isFalse());
        assertThat(new HashSet<>(transactions.stream().map(KafkaTransaction::transactionalId).toList()))
                .as("no id serves two transactions").hasSize(transactions.size());
        assertThat(BROKER.readAllCommitted("v1-ids")).containsExactlyElementsOf(written);
    }

    @Test
    void shouldWriteEveryElementExactlyOnceThroughFailuresAndRestores() throws Exception {
        BROKER.createTopic("v1-exactly-once", 2);
        long count = 10_000;
        FailingSequenceSource source = new FailingSequenceSource(count, 4, 5, 3); // ~1 s a run
        StreamEnvironment env = RestartingJobs.environment(dir, 5);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "paced").uid("paced")
                .map(v -> "v" + v).uid("text")
                .sinkTo(KafkaSink.builder(BROKER.bootstrapServers(), "v1-exactly-once", RecordSerializer.utf8())
                        .exactlyOnce().build()).uid("kafka");

        assertThat(env.executeAsync("v1").await(Duration.ofSeconds(90)).status()).isEqualTo(JobStatus.FINISHED);

        assertThat(source.failuresLeft()).as("the injected failures happened").isNotPositive();
        assertThat(BROKER.readAllCommitted("v1-exactly-once")).hasSize((int) count)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, count).mapToObj(v -> "v" + v).toList());
    }
}
