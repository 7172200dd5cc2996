package io.sluice.connectors.kafka;

import io.sluice.api.connector.SinkWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Map;

/**
 * Writes one subtask's elements with a {@link KafkaProducer}, at least once. Called only from the
 * subtask's worker thread; the producer's own I/O thread sends, and completes the callbacks.
 *
 * <p>Sends are asynchronous; the writer says it is not {@link #isReady() ready} while more than
 * {@code maxPendingRecords} are unacknowledged, so the runtime applies back-pressure instead of the
 * producer blocking the worker. At every barrier {@link #flush} waits for every record sent so far:
 * a checkpoint completes only once its records are in Kafka. The first failed send fails the job
 * at the next call, naming the topic and partition.
 */
final class KafkaSinkWriter<T> implements SinkWriter<T> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRecordSerializer<T> serializer;
    private final SendTracker sends;
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaSinkWriter(Map<String, Object> producerConfig, KafkaRecordSerializer<T> serializer, String sinkName,
                    long maxPendingRecords) {
        this.serializer = serializer;
        this.sends = new SendTracker(sinkName, maxPendingRecords, "The records since the last checkpoint are"
                + " written again when the job restarts from it");
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        sends.checkFailure();
        sends.sending();
        producer.send(serializer.serialize(element, timestamp), sends);
    }

    @Override
    public boolean isReady() {
        return sends.isReady(); // a failure is reported by the next write
    }

    @Override
    public void flush(boolean endOfInput) throws Exception {
        sends.checkFailure();
        producer.flush();
        sends.checkFailure();
    }

    @Override
    public void close() throws Exception {
        producer.close(CLOSE_TIMEOUT);
    }
}
