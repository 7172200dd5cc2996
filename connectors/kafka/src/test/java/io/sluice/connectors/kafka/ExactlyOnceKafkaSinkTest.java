package io.sluice.connectors.kafka;

import io.sluice.api.InvalidJobException;
import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FaultInjector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exactly-once Kafka sink against a real broker: its transactions, their recovery and fencing. */
class ExactlyOnceKafkaSinkTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    /** Records without an event time get the producer's clock (a time of 0 would fall to the broker's retention). */
    private static final long NO_TIMESTAMP = Long.MIN_VALUE;

    @TempDir
    Path dir;

    private static ExactlyOnceKafkaSink<String> sink(String topic) {
        return KafkaSink.builder(BROKER.bootstrapServers(), topic, RecordSerializer.utf8()).exactlyOnce().build();
    }

    private static List<String> values(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static Collection<TransactionListing> open(String idPattern) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.listTransactions(new ListTransactionsOptions()
                    .filterStates(EnumSet.of(TransactionState.ONGOING))
                    .filterOnTransactionalIdPattern(idPattern)).all().get();
        }
    }

    @Test
    void shouldWriteEveryElementExactlyOnceThroughFailuresAndRestores() throws Exception {
        BROKER.createTopic("exactly-once", 3);
        long count = 20_000;
        FailingSequenceSource source = new FailingSequenceSource(count, 4, 20, 3);
        StreamEnvironment env = RestartingJobs.environment(dir, 5);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "paced").uid("paced")
                .map(v -> "v" + v).uid("text")
                .sinkTo(KafkaSink.builder(BROKER.bootstrapServers(), "exactly-once", RecordSerializer.utf8())
                        .maxPendingRecords(500).exactlyOnce().transactionalIdPrefix("eo-test").build())
                .name("kafka-out").uid("kafka");

        JobClient job = env.executeAsync("exactly-once");
        assertThat(job.await(Duration.ofSeconds(90)).status()).isEqualTo(JobStatus.FINISHED);

        assertThat(source.failuresLeft()).as("the injected failures happened").isNotPositive();
        assertThat(BROKER.readAllCommitted("exactly-once")).as("read_committed sees every value once")
                .hasSize((int) count)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, count).mapToObj(v -> "v" + v).toList());
        assertThat(open("eo-test-.*")).as("no transaction is left open").isEmpty();
    }

    @Test
    void shouldReadKeepStateAndWriteKafkaExactlyOnceWhileTasksFailRepeatedly() throws Exception {
        int keys = 30;
        int count = 12_000;
        BROKER.createTopic("failing-in", 4);
        BROKER.createTopic("failing-out", 2);
        for (int partition = 0; partition < 4; partition++) { // each key in one partition, in order
            int p = partition;
            BROKER.produce("failing-in", p, IntStream.range(0, count).filter(seq -> seq % keys % 4 == p)
                    .mapToObj(seq -> "k" + seq % keys + ":" + seq).toList());
        }
        FaultInjector faults = new FaultInjector(11, 4, count, 1);
        StreamEnvironment env = RestartingJobs.environment(dir, 10);
        env.fromSource(KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8()).topics("failing-in")
                        .bounded().build(), WatermarkStrategy.noWatermarks(), "input").uid("input")
                .keyBy(v -> v.substring(0, v.indexOf(':')))
                .process(new KafkaCrashJob.CountPerKey()).uid("count")
                .map(v -> {
                    faults.step(0);
                    return v;
                }).uid("faults")
                .sinkTo(KafkaSink.builder(BROKER.bootstrapServers(), "failing-out", RecordSerializer.utf8())
                        .exactlyOnce().build()).uid("output");

        assertThat(env.executeAsync("failing").await(Duration.ofSeconds(90)).status()).isEqualTo(JobStatus.FINISHED);

        assertThat(faults.failuresInjected()).as("the injected failures happened").isEqualTo(4);
        List<String> expected = IntStream.range(0, count).mapToObj(seq -> "k" + seq % keys + ":" + seq + ":"
                + (seq / keys + 1)).toList();
        assertThat(BROKER.readAllCommitted("failing-out")).as("every value once, with its key's count")
                .hasSize(count).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldCommitAPrecommittedTransactionWhoseWriterIsGoneOnceAndOnlyOnce() throws Exception {
        BROKER.createTopic("resumed", 1);
        ExactlyOnceKafkaSink<String> sink = sink("resumed");
        TwoPhaseCommitSink.PrecommittingWriter<String, KafkaTransaction> writer =
                sink.createWriter(SinkContext.of(0, 1, "resumed-sink", "lineageA"));
        for (String v : values("r", 0, 100)) {
            writer.write(v, NO_TIMESTAMP);
        }
        writer.flush(false);
        List<KafkaTransaction> first = new ArrayList<>(writer.prepareCommit());
        writer.write("after-the-barrier", NO_TIMESTAMP);
        writer.close(); // a crash: the writer is gone, its pre-committed transaction open
        assertThat(first).hasSize(1);
        assertThat(first.get(0).transactionalId()).isEqualTo("sluice-resumed-sink-lineageA-0-0");
        assertThat(open("sluice-resumed-sink-.*")).extracting(TransactionListing::transactionalId)
                .containsExactly("sluice-resumed-sink-lineageA-0-0");

        ExactlyOnceKafkaSink<String> restored = sink("resumed"); // the sink as a restore has it: no writer
        try (TwoPhaseCommitSink.Committer<KafkaTransaction> committer = restored.createCommitter("resumed-sink")) {
            committer.commit(first);
            committer.commit(first); // a commit repeated after a second recovery
        }
        assertThat(BROKER.readAllCommitted("resumed")).containsExactlyElementsOf(values("r", 0, 100));
    }

    @Test
    void shouldNotCommitALaterTransactionOfTheSameIdWhenAnOldOneIsCommittedAgain() throws Exception {
        BROKER.createTopic("reused", 1);
        ExactlyOnceKafkaSink<String> sink = sink("reused");
        TwoPhaseCommitSink.PrecommittingWriter<String, KafkaTransaction> writer =
                sink.createWriter(SinkContext.of(0, 1, "reused-sink", "lineageB"));
        List<String> committed = new ArrayList<>();
        KafkaTransaction earlier = null;
        try (TwoPhaseCommitSink.Committer<KafkaTransaction> committer = sink.createCommitter("reused-sink")) {
            List<KafkaTransaction> done = new ArrayList<>();
            for (int c = 0; earlier == null; c++) { // until a producer comes back from its commit and is reused
                assertThat(c).as("a producer is reused once its commit is done").isLessThan(50);
                for (String v : values("c" + c + "-", 0, 10)) {
                    writer.write(v, NO_TIMESTAMP);
                }
                writer.flush(false);
                KafkaTransaction t = writer.prepareCommit().iterator().next();
                earlier = done.stream().filter(d -> d.transactionalId().equals(t.transactionalId())).findFirst()
                        .orElse(null);
                if (earlier == null) {
                    committer.commit(List.of(t));
                    committed.addAll(values("c" + c + "-", 0, 10));
                    done.add(t);
                }
            }
            writer.close(); // the last transaction, on the reused id, stays open
        }
        try (TwoPhaseCommitSink.Committer<KafkaTransaction> recovery = sink("reused").createCommitter("reused-sink")) {
            recovery.commit(List.of(earlier)); // must not commit the later transaction of the same id
            assertThat(open("sluice-reused-sink-.*")).extracting(TransactionListing::transactionalId)
                    .containsExactly(earlier.transactionalId());
            assertThat(recovery.discardLeftovers("lineageB")).isEqualTo(1);
        }
        assertThat(BROKER.readAllCommitted("reused")).containsExactlyElementsOf(committed);
    }

    @Test
    void shouldAbortTheLeftoversOfItsOwnLineageOnlySoThatReadersAreNotHeldBack() throws Exception {
        BROKER.createTopic("left-mine", 1);
        BROKER.createTopic("left-other", 1);
        var mine = sink("left-mine").createWriter(SinkContext.of(0, 1, "left", "mine"));
        var other = sink("left-other").createWriter(SinkContext.of(0, 1, "left", "other"));
        mine.write("m", NO_TIMESTAMP);
        other.write("o", NO_TIMESTAMP);
        mine.flush(false);
        other.flush(false);
        assertThat(mine.prepareCommit()).hasSize(1);
        assertThat(other.prepareCommit()).hasSize(1);
        mine.close();
        other.close();

        try (var committer = sink("left-mine").createCommitter("left")) {
            assertThat(committer.discardLeftovers("mine")).isEqualTo(1);
        }
        assertThat(open("sluice-left-mine-.*")).isEmpty();
        assertThat(open("sluice-left-other-.*")).as("another job's transaction is not touched").hasSize(1);
        assertThat(BROKER.readAllCommitted("left-mine")).as("nothing committed; the reader is not held").isEmpty();
        try (var committer = sink("left-other").createCommitter("left")) {
            committer.discardLeftovers("other");
        }
    }

    @Test
    void shouldRefuseATransactionTimeoutNotLongerThanTheCheckpointIntervalWhenTheJobIsBuilt() {
        StreamEnvironment env = StreamEnvironment.create();
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMinutes(2));
        env.fromSequence(1, 3).map(String::valueOf).sinkTo(KafkaSink.builder(BROKER.bootstrapServers(), "any",
                RecordSerializer.utf8()).exactlyOnce().transactionTimeout(Duration.ofMinutes(1)).build()).name("alerts");

        assertThatThrownBy(() -> env.executeAsync("too-short")).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("'alerts'")
                .hasMessageContaining("transaction timeout of 60000 ms")
                .hasMessageContaining("checkpoint interval of 120000 ms")
                .hasMessageContaining("transactionTimeout(");
    }

    @Test
    void shouldRefuseATransactionalIdPropertyNamingTheOptionToUse() {
        assertThatThrownBy(() -> KafkaSink.builder(BROKER.bootstrapServers(), "any", RecordSerializer.utf8())
                .exactlyOnce().property("transactional.id", "mine"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactionalIdPrefix");
    }
}
