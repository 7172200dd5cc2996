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
 * only with its records in Kafka, and a restore may write the records after it a second time.
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
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-" + context.operatorName() + "-" + context.subtaskIndex());
        config.putAll(properties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaSinkWriter<>(config, serializer, "Kafka sink '" + context.operatorName() + "' (subtask "
                + context.subtaskIndex() + ")", maxPendingRecords);
    }

    /** Builds a {@link KafkaSink}. */
    public static final class Builder<T> {
        private final String bootstrapServers;
        private final KafkaRecordSerializer<T> serializer;
        private final Map<String, String> properties = new HashMap<>();
        private long maxPendingRecords = 10_000;

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
         * is refused: this sink is at least once.
         */
        public Builder<T> property(String key, String value) {
            if (ProducerConfig.BOOTSTRAP_SERVERS_CONFIG.equals(key)) {
                throw new IllegalArgumentException("give the bootstrap servers to KafkaSink.builder, not as a property");
            }
            if (ProducerConfig.TRANSACTIONAL_ID_CONFIG.equals(key)) {
                throw new IllegalArgumentException("the at-least-once Kafka sink writes without transactions; remove"
                        + " the property transactional.id");
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

        public KafkaSink<T> build() {
            return new KafkaSink<>(this);
        }
    }
}
