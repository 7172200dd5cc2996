package io.sluice.connectors.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A producer with a transactional id of its own, initialized (which fences every earlier producer of
 * that id and aborts the transaction it left open), and the transaction it has pre-committed, if any.
 */
final class TransactionalProducer implements AutoCloseable {

    private final String transactionalId;
    private final KafkaProducer<byte[], byte[]> producer;
    private KafkaTransaction precommitted;

    private TransactionalProducer(String transactionalId, KafkaProducer<byte[], byte[]> producer) {
        this.transactionalId = transactionalId;
        this.producer = producer;
    }

    /** A new producer with {@code transactionalId}, initialized: blocks for a round trip to the coordinator. */
    static TransactionalProducer open(Map<String, Object> config, String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = create(config, transactionalId);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new TransactionalProducer(transactionalId, producer);
    }

    /** A producer with {@code transactionalId}, not initialized. */
    static KafkaProducer<byte[], byte[]> create(Map<String, Object> config, String transactionalId) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    String transactionalId() {
        return transactionalId;
    }

    KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    void begin() {
        producer.beginTransaction();
    }

    /** Ends the open transaction's writing: what the checkpoint stores to commit it. Call after a flush. */
    KafkaTransaction precommit() {
        precommitted = ProducerInternals.currentTransaction(transactionalId, producer);
        return precommitted;
    }

    /** Whether {@code t} is the transaction this producer pre-committed and has not committed yet. */
    boolean holds(KafkaTransaction t) {
        return t.equals(precommitted);
    }

    /**
     * Commits the pre-committed transaction; returns whether this producer can open another one: with
     * transaction protocol version 2 every transaction has its own epoch, so a checkpoint's
     * transaction can never be mistaken for a later one of the same id; with version 1 it can, so
     * the producer is retired and the next transaction gets a new id.
     */
    boolean commit() {
        producer.commitTransaction();
        boolean reusable = precommitted.transactionV2();
        precommitted = null;
        return reusable;
    }

    /** Aborts the transaction being written (a round trip to the coordinator). */
    void abort() {
        producer.abortTransaction();
    }

    /**
     * Closes the producer without waiting. A pre-committed transaction stays open, for a restore to
     * commit or a settlement to abort (a graceful close would abort it, and waits up to its timeout
     * for a transaction that was begun but never written to).
     */
    @Override
    public void close() {
        producer.close(Duration.ZERO);
    }
}
