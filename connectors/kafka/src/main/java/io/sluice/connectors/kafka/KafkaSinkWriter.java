package io.sluice.connectors.kafka;

import io.sluice.api.connector.SinkWriter;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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
class KafkaSinkWriter<T> implements SinkWriter<T>, Callback {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRecordSerializer<T> serializer;
    private final String sinkName;
    private final long maxPendingRecords;
    protected final KafkaProducer<byte[], byte[]> producer;
    /** Incremented by the worker on send, decremented by the producer's I/O thread on completion. */
    private final AtomicLong pending = new AtomicLong();
    /** The first failure, written by the producer's I/O thread, read by the worker: volatile. */
    private volatile Exception failure;
    private volatile String failedRecord;

    KafkaSinkWriter(Map<String, Object> producerConfig, KafkaRecordSerializer<T> serializer, String sinkName,
                    long maxPendingRecords) {
        this.serializer = serializer;
        this.sinkName = sinkName;
        this.maxPendingRecords = maxPendingRecords;
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        checkFailure();
        ProducerRecord<byte[], byte[]> record = serializer.serialize(element, timestamp);
        pending.incrementAndGet();
        producer.send(record, this);
    }

    /** Producer I/O thread. */
    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null && failure == null) {
            failedRecord = metadata == null ? "a record" : "a record to topic " + metadata.topic() + ", partition "
                    + metadata.partition();
            failure = exception;
        }
        pending.decrementAndGet();
    }

    @Override
    public boolean isReady() {
        return pending.get() < maxPendingRecords || failure != null; // a failure is reported by the next write
    }

    @Override
    public void flush(boolean endOfInput) throws Exception {
        checkFailure();
        producer.flush();
        checkFailure();
    }

    protected void checkFailure() throws Exception {
        Exception e = failure;
        if (e != null) {
            throw new IllegalStateException(sinkName + " could not write " + failedRecord + ": "
                    + e.getClass().getSimpleName() + ": " + withoutFinalPeriod(e.getMessage())
                    + ". The records since the last checkpoint are written again when the job restarts from it; "
                    + hint(e), e);
        }
    }

    /** What to check, by the kind of failure. */
    private static String hint(Exception e) {
        if (e instanceof TimeoutException) {
            return "the producer gave up waiting for the cluster (delivery.timeout.ms for a sent record,"
                    + " max.block.ms for the topic's metadata): check that the brokers are reachable and the topic"
                    + " exists";
        }
        return "check that the topic exists and the producer may write to it";
    }

    private static String withoutFinalPeriod(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    @Override
    public void close() throws Exception {
        producer.close(CLOSE_TIMEOUT);
    }
}
