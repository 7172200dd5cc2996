package io.sluice.connectors.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The test broker: it stores what is produced and hides aborted transactions from read_committed. */
class KafkaBrokerTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @Test
    void shouldReadBackWhatWasProducedPartitionByPartition() throws Exception {
        BROKER.createTopic("plain", 2);
        BROKER.produce("plain", 1, List.of("c", "d"));
        BROKER.produce("plain", 0, List.of("a", "b"));

        assertThat(BROKER.readAllCommitted("plain")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void shouldHideAbortedTransactionsFromReadCommitted() throws Exception {
        BROKER.createTopic("tx", 1);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fixture-test");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "kept"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "aborted"));
            producer.flush(); // written to the log, then aborted
            producer.abortTransaction();
        }

        assertThat(BROKER.readAllCommitted("tx")).containsExactly("kept");
        assertThat(BROKER.readAll("tx", "read_uncommitted")).hasSize(2);
    }
}
