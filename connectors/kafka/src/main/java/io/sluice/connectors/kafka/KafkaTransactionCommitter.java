package io.sluice.connectors.kafka;

import io.sluice.api.connector.TwoPhaseCommitSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Commits and aborts the exactly-once Kafka sink's transactions.
 *
 * <p>A transaction the subtask's live writer holds is committed by the producer that opened it. Any
 * other (after a restore) is first looked up on its coordinator ({@code describeTransactions}), so
 * that a commit repeated after recovery never touches a later transaction of the same id: still
 * open with the stored producer id and epoch, it is resumed in a new producer and committed; ended
 * or superseded by a later epoch, it was committed already; aborted at its own epoch (the broker
 * aborts transactions older than their timeout) its records are lost, which is logged as an error
 * naming the fix, since no restart could bring them back.
 *
 * <p>Aborting and discarding leftovers fence the id: a new producer's {@code initTransactions}
 * aborts what an earlier producer of the id left open, so {@code read_committed} consumers are not
 * held behind it until its timeout.
 */
final class KafkaTransactionCommitter implements TwoPhaseCommitSink.Committer<KafkaTransaction> {

    private static final System.Logger LOG = System.getLogger(KafkaTransactionCommitter.class.getName());
    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private final Map<String, Object> producerConfig;
    private final Map<String, Object> adminConfig;
    private final TransactionalIds ids;
    private final String sinkName;
    private final TransactionalKafkaWriter<?> writer;
    private Admin admin;

    /** @param writer the subtask's live writer, or null when committing what a checkpoint restored */
    KafkaTransactionCommitter(Map<String, Object> producerConfig, Map<String, Object> adminConfig,
                              TransactionalIds ids, String sinkName, TransactionalKafkaWriter<?> writer) {
        this.producerConfig = producerConfig;
        this.adminConfig = adminConfig;
        this.ids = ids;
        this.sinkName = sinkName;
        this.writer = writer;
    }

    @Override
    public void commit(Collection<KafkaTransaction> transactions) throws Exception {
        for (KafkaTransaction t : transactions) {
            if (writer == null || !writer.commitIfHeld(t)) {
                recoverAndCommit(t);
            }
        }
    }

    private void recoverAndCommit(KafkaTransaction t) throws Exception {
        TransactionDescription d = describe(t.transactionalId());
        if (d == null) {
            LOG.log(System.Logger.Level.WARNING, "{0}: Kafka transaction {1} is unknown to the cluster (its transactional id expired after"
                    + " transactional.id.expiration.ms); it was committed long ago or lost", sinkName, t);
            return;
        }
        boolean samePid = d.producerId() == t.producerId();
        boolean sameEpoch = samePid && d.producerEpoch() == t.epoch();
        switch (d.state()) {
            case ONGOING, PREPARE_COMMIT -> {
                if (sameEpoch) {
                    resumeAndCommit(t);
                } // else a later transaction of the id is open: this one ended, committed
            }
            case PREPARE_ABORT, COMPLETE_ABORT, PREPARE_EPOCH_FENCE -> {
                if (samePid && d.producerEpoch() <= t.epoch() + 1) {
                    LOG.log(System.Logger.Level.ERROR, "{0}: Kafka transaction {1} of a completed checkpoint was aborted before it could be"
                                    + " committed, and its records are missing from the output: the broker aborts a"
                                    + " transaction open longer than its timeout ({2} ms). Give the sink a transaction"
                                    + " timeout longer than the longest outage it must survive"
                                    + " (KafkaSink...exactlyOnce().transactionTimeout, up to the broker setting"
                                    + " transaction.max.timeout.ms)", sinkName, t, d.transactionTimeoutMs());
                }
            }
            default -> {
                // COMPLETE_COMMIT, EMPTY: ended; a commit of the same epoch or a later epoch exists
            }
        }
    }

    private void resumeAndCommit(KafkaTransaction t) {
        KafkaProducer<byte[], byte[]> producer = TransactionalProducer.create(producerConfig, t.transactionalId());
        try {
            ProducerInternals.resume(producer, t);
            producer.commitTransaction();
            LOG.log(System.Logger.Level.INFO, "{0}: committed Kafka transaction {1} after recovery", sinkName, t);
        } finally {
            producer.close(Duration.ZERO); // nothing is left to send; a graceful close could abort
        }
    }

    @Override
    public void abort(Collection<KafkaTransaction> transactions) {
        for (KafkaTransaction t : transactions) {
            fence(t.transactionalId());
        }
    }

    @Override
    public int discardLeftovers(String jobLineageId) throws Exception {
        ListTransactionsOptions options = new ListTransactionsOptions()
                .filterStates(EnumSet.of(TransactionState.ONGOING, TransactionState.PREPARE_ABORT))
                .filterOnTransactionalIdPattern(ids.lineagePattern(jobLineageId));
        Collection<TransactionListing> open = admin().listTransactions(options).all()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        int fenced = 0;
        for (TransactionListing l : open) {
            if (ids.isOfLineage(l.transactionalId(), jobLineageId)) { // the pattern is a filter; check anyway
                fence(l.transactionalId());
                fenced++;
            }
        }
        return fenced;
    }

    /** Aborts what any producer of {@code transactionalId} left open, and fences that producer. */
    private void fence(String transactionalId) {
        try (TransactionalProducer p = TransactionalProducer.open(producerConfig, transactionalId)) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: fenced transactional id {1}", sinkName, transactionalId);
        }
    }

    private TransactionDescription describe(String transactionalId) throws Exception {
        try {
            return admin().describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
            admin = null;
        }
    }
}
