package io.sluice.connectors.kafka;

import io.sluice.api.InvalidJobException;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.serialization.TypeSerializer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes elements to Kafka exactly once, through Kafka transactions: each subtask writes into a
 * transaction that it flushes and pre-commits at every checkpoint barrier, and commits when the
 * checkpoint completes; {@code read_committed} consumers see a checkpoint's records once it is
 * complete, each once, also across failures, restores and {@code kill -9} of the whole process.
 *
 * <pre>{@code
 * stream.sinkTo(KafkaSink.builder("localhost:9092", "alerts", RecordSerializer.utf8())
 *         .exactlyOnce()
 *         .transactionalIdPrefix("fraud-alerts")
 *         .build());
 * }</pre>
 *
 * <p>Transactional ids are {@code <prefix>-<job lineage>-<subtask>-<n>}; the prefix is
 * {@code sluice-<sink name>} unless chosen. When a job starts from a checkpoint, the transactions it
 * holds are committed (resumed in a new producer if their writer is gone), and every transaction of
 * the job's lineage still open is aborted, so that consumers are not held behind it. Transactions
 * stay open from one checkpoint to the next, so the transaction timeout (15 minutes by default,
 * the broker's default ceiling) must be longer than the checkpoint interval (checked when the job
 * is built) and than the longest outage the job must survive: the broker aborts older ones.
 */
public final class ExactlyOnceKafkaSink<T> implements TwoPhaseCommitSink<T, KafkaTransaction> {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final KafkaRecordSerializer<T> serializer;
    private final HashMap<String, String> properties;
    private final long maxPendingRecords;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    /** The subtask's writer, so that its committer commits through the producers that opened the transactions. */
    private transient TransactionalKafkaWriter<T> writer;

    private ExactlyOnceKafkaSink(Builder<T> b) {
        this.bootstrapServers = b.base.bootstrapServers;
        this.serializer = b.base.serializer;
        this.properties = new HashMap<>(b.base.properties);
        this.maxPendingRecords = b.base.maxPendingRecords;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
        this.transactionTimeout = b.transactionTimeout;
    }

    @Override
    public void validate(Configuration job, String sinkName) {
        Duration interval = job.get(CheckpointingOptions.INTERVAL);
        if (!interval.isZero() && transactionTimeout.compareTo(interval) <= 0) {
            throw new InvalidJobException("the exactly-once Kafka sink '" + sinkName + "' has a transaction timeout of "
                    + transactionTimeout.toMillis() + " ms, not longer than the checkpoint interval of "
                    + interval.toMillis() + " ms: the broker would abort its transactions before their checkpoints"
                    + " commit them. Raise it with exactlyOnce().transactionTimeout(...) (up to the broker's"
                    + " transaction.max.timeout.ms, 15 min by default) or checkpoint more often");
        }
    }

    @Override
    public PrecommittingWriter<T, KafkaTransaction> createWriter(SinkContext context) {
        ProducerInternals.checkSupported();
        String sinkName = "exactly-once Kafka sink '" + context.operatorName() + "' (subtask "
                + context.subtaskIndex() + ")";
        SendTracker sends = new SendTracker(sinkName, maxPendingRecords, "The transaction is aborted and the"
                + " records of the current checkpoint are written again when the job restarts from its last checkpoint");
        writer = new TransactionalKafkaWriter<>(serializer, producerConfig(), ids(context.operatorName()),
                context.jobLineageId(), context.subtaskIndex(), sends);
        return writer;
    }

    @Override
    public Committer<KafkaTransaction> createCommitter(String operatorName) {
        ProducerInternals.checkSupported();
        Map<String, Object> admin = new HashMap<>(properties);
        admin.keySet().retainAll(AdminClientConfig.configNames());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaTransactionCommitter(producerConfig(), admin, ids(operatorName),
                "exactly-once Kafka sink '" + operatorName + "'", writer);
    }

    /** The committer of a sink named "sink" (the default name): prefer {@link #createCommitter(String)}. */
    @Override
    public Committer<KafkaTransaction> createCommitter() {
        return createCommitter("sink");
    }

    @Override
    public TypeSerializer<KafkaTransaction> committableSerializer() {
        return KafkaTransactionSerializer.INSTANCE;
    }

    private TransactionalIds ids(String operatorName) {
        return new TransactionalIds(transactionalIdPrefix != null ? transactionalIdPrefix
                : TransactionalIds.defaultPrefix(operatorName));
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = KafkaSink.producerConfig(bootstrapServers, properties);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        return config;
    }

    /** Builds an {@link ExactlyOnceKafkaSink}; made by {@link KafkaSink.Builder#exactlyOnce()}. */
    public static final class Builder<T> {
        private final KafkaSink.Builder<T> base;
        private String transactionalIdPrefix;
        private Duration transactionTimeout = Duration.ofMinutes(15);

        Builder(KafkaSink.Builder<T> base) {
            this.base = base;
        }

        /**
         * The prefix of the sink's transactional ids ({@code <prefix>-<job lineage>-<subtask>-<n>});
         * {@code sluice-<sink name>} by default. Two exactly-once Kafka sinks of one job need
         * different names or prefixes; ACLs on transactional ids can be granted on the prefix.
         */
        public Builder<T> transactionalIdPrefix(String prefix) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("a transactional id prefix must not be empty");
            }
            this.transactionalIdPrefix = prefix;
            return this;
        }

        /**
         * How long the broker keeps a transaction open before aborting it ({@code transaction.timeout.ms});
         * 15 minutes by default. It must be longer than the checkpoint interval, and than the time the
         * job may be down before it restarts from its checkpoint: the transactions of that checkpoint
         * are committed on restart only if they are still open. At most the broker's
         * {@code transaction.max.timeout.ms}.
         */
        public Builder<T> transactionTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("transaction timeout " + timeout + " must be between 1 ms and "
                        + Integer.MAX_VALUE + " ms");
            }
            this.transactionTimeout = timeout;
            return this;
        }

        /** A producer property, as {@link KafkaSink.Builder#property}. */
        public Builder<T> property(String key, String value) {
            base.property(key, value);
            return this;
        }

        /** See {@link KafkaSink.Builder#maxPendingRecords}. */
        public Builder<T> maxPendingRecords(long records) {
            base.maxPendingRecords(records);
            return this;
        }

        public ExactlyOnceKafkaSink<T> build() {
            return new ExactlyOnceKafkaSink<>(this);
        }
    }
}
