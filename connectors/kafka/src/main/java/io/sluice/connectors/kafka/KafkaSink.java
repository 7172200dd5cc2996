package io.sluice.connectors.kafka;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.connector.format.RecordSerializer;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Writes elements to Kafka, at least once: every subtask sends through its own producer and waits,
 * at every checkpoint barrier, until everything it sent is acknowledged; so a checkpoint completes
 * only with its records in Kafka, and a restore may write the records after it a second time. For
 * exactly-once output through Kafka transactions, see {@link Builder#exactlyOnce()}.
 *
 * <pre>{@code
 * stream.sinkTo(KafkaSink.builder("localhost:9092", KafkaRecordSerializer.toTopic("out", RecordSerializer.utf8()))
 *         .property("compression.type", "lz4")
 *         .build());
 * }</pre>
 */
public final class KafkaSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final KafkaRecordSerializer<T> serializer;
    private final HashMap<String, String> properties;
    private final long maxPendingRecords;

    private KafkaSink(Builder<T> b) {
        this.bootstrapServers = b.bootstrapServers;
        this.serializer = b.serializer;
        this.properties = new HashMap<>(b.properties);
        this.maxPendingRecords = b.maxPendingRecords;
    }

    /** A sink writing to the cluster at {@code bootstrapServers} the records {@code serializer} makes. */
    public static <T> Builder<T> builder(String bootstrapServers, KafkaRecordSerializer<T> serializer) {
        return new Builder<>(bootstrapServers, serializer);
    }

    /** A sink writing the values {@code value} makes to one topic. */
    public static <T> Builder<T> builder(String bootstrapServers, String topic, RecordSerializer<T> value) {
        return new Builder<>(bootstrapServers, KafkaRecordSerializer.toTopic(topic, value));
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        Map<String, Object> config = producerConfig(bootstrapServers, properties);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sluice-" + context.operatorName() + "-"
                + context.subtaskIndex());
        return new KafkaSinkWriter<>(config, serializer, "Kafka sink '" + context.operatorName() + "' (subtask "
                + context.subtaskIndex() + ")", maxPendingRecords);
    }

    /** Every producer of a Kafka sink: acknowledged by all in-sync replicas, idempotent, then the user's settings. */
    static Map<String, Object> producerConfig(String bootstrapServers, Map<String, String> properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(properties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** Builds a {@link KafkaSink}. */
    public static final class Builder<T> {
        // package-private: the exactly-once builder reads them
        final String bootstrapServers;
        final KafkaRecordSerializer<T> serializer;
        final Map<String, String> properties = new HashMap<>();
        long maxPendingRecords = 10_000;

        private Builder(String bootstrapServers, KafkaRecordSerializer<T> serializer) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("a Kafka sink needs the bootstrap servers, e.g. \"localhost:9092\"");
            }
            this.bootstrapServers = bootstrapServers;
            this.serializer = Objects.requireNonNull(serializer, "serializer");
        }

        /**
         * A producer property: {@code compression.type}, {@code linger.ms}, security settings and
         * so on. {@code acks} is {@code all} and idempotence on by default. A {@code transactional.id}
         * is refused: the exactly-once sink ({@link #exactlyOnce()}) names its transactions itself.
         */
        public Builder<T> property(String key, String value) {
            if (ProducerConfig.BOOTSTRAP_SERVERS_CONFIG.equals(key)) {
                throw new IllegalArgumentException("give the bootstrap servers to KafkaSink.builder, not as a property");
            }
            if (ProducerConfig.TRANSACTIONAL_ID_CONFIG.equals(key)) {
                throw new IllegalArgumentException("a Kafka sink chooses its transactional ids itself; remove the"
                        + " property transactional.id, and use exactlyOnce().transactionalIdPrefix(...) to choose"
                        + " their prefix");
            }
            if (ProducerConfig.TRANSACTION_TIMEOUT_CONFIG.equals(key)) {
                throw new IllegalArgumentException("set the transaction timeout with"
                        + " exactlyOnce().transactionTimeout(...), not as the property transaction.timeout.ms");
            }
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        public Builder<T> properties(Properties props) {
            props.stringPropertyNames().forEach(k -> property(k, props.getProperty(k)));
            return this;
        }

        /**
         * How many records a subtask may have sent and not yet seen acknowledged before it stops
         * taking input (back-pressure); 10 000 by default.
         */
        public Builder<T> maxPendingRecords(long records) {
            if (records < 1) {
                throw new IllegalArgumentException("max pending records " + records + " must be at least 1");
            }
            this.maxPendingRecords = records;
            return this;
        }

        /**
         * Makes the sink exactly once: it writes into Kafka transactions, pre-committed at every
         * checkpoint barrier and committed when the checkpoint completes; see {@link ExactlyOnceKafkaSink}.
         * Needs checkpoints, and consumers that read with {@code isolation.level=read_committed}.
         */
        public ExactlyOnceKafkaSink.Builder<T> exactlyOnce() {
            return new ExactlyOnceKafkaSink.Builder<>(this);
        }

        public KafkaSink<T> build() {
            return new KafkaSink<>(this);
        }
    }
}
