package io.sluice.connectors.kafka;

import io.sluice.api.connector.format.RecordSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.Serializable;
import java.util.Objects;

/**
 * Turns an element into the Kafka record a {@link KafkaSink} writes: its topic, partition (null
 * for the producer's partitioner), timestamp, key, value and headers. Serializable: copied into
 * every subtask of the sink; called on the subtask's worker thread.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface KafkaRecordSerializer<T> extends Serializable {

    /**
     * @param timestamp the element's event timestamp, or {@code Long.MIN_VALUE} if it has none
     */
    ProducerRecord<byte[], byte[]> serialize(T element, long timestamp) throws Exception;

    /** Values to one topic, without key, partitioned by the producer, stamped with the element's timestamp if it has one. */
    static <T> KafkaRecordSerializer<T> toTopic(String topic, RecordSerializer<T> value) {
        return toTopic(topic, null, value);
    }

    /** Keyed values to one topic (the producer partitions by key), stamped with the element's timestamp if it has one. */
    static <T> KafkaRecordSerializer<T> toTopic(String topic, RecordSerializer<T> key, RecordSerializer<T> value) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        return (element, timestamp) -> new ProducerRecord<>(topic, null,
                timestamp == Long.MIN_VALUE || timestamp < 0 ? null : timestamp,
                key == null ? null : key.serialize(element), value.serialize(element));
    }
}
