package io.sluice.examples.fraud;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.connectors.kafka.KafkaSink;
import io.sluice.connectors.kafka.KafkaSource;
import io.sluice.connectors.kafka.StartingOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The job's Kafka side ({@code --kafka HOST:PORT}): topics {@code <prefix>transactions},
 * {@code <prefix>rules} and {@code <prefix>alerts}, one partition each (so that the end marker ends
 * the one split), created when missing. Transactions and rules are read from what is written after
 * the job first starts, read committed; the generator and the alerts write exactly once, in Kafka
 * transactions committed with the checkpoints.
 */
final class FraudTopics {

    private final String bootstrap;
    final String transactions;
    final String rules;
    final String alerts;

    FraudTopics(String bootstrap, String prefix) {
        this.bootstrap = bootstrap;
        this.transactions = prefix + "transactions";
        this.rules = prefix + "rules";
        this.alerts = prefix + "alerts";
    }

    /** Creates the topics that do not exist yet. */
    void createMissing() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(transactions, rules, alerts)) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, 1, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " to create the topics " + transactions
                    + ", " + rules + ", " + alerts + ": " + e.getMessage() + "; check --kafka HOST:PORT", e);
        }
    }

    Source<String, ?> source(String topic) {
        return new UntilEndMarker<>(KafkaSource.builder(bootstrap, RecordDeserializer.utf8()).topics(topic)
                .startingOffsets(StartingOffsets.latest()).build());
    }

    Sink<String> sink(String topic) {
        return KafkaSink.builder(bootstrap, topic, RecordSerializer.utf8()).exactlyOnce()
                .transactionalIdPrefix("sluice-" + topic).build();
    }
}
