package io.sluice.connectors.kafka;

import io.sluice.api.connector.TwoPhaseCommitSink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one subtask's elements into Kafka transactions, one per checkpoint: at a barrier the open
 * transaction is flushed and pre-committed (the checkpoint stores its {@link KafkaTransaction}), and
 * the next one opens on another producer, since a producer has one transaction at a time and the
 * pre-committed one waits for its checkpoint to complete. Its {@link KafkaTransactionCommitter}
 * commits it then, through the producer that opened it, on the writer's {@link BackgroundCommits}
 * thread; the producer then comes back for a later transaction.
 *
 * <p>Called only from the subtask's worker thread, as its committer is. A barrier with nothing
 * written since the last one pre-commits nothing and keeps the transaction open.
 */
final class TransactionalKafkaWriter<T> implements TwoPhaseCommitSink.PrecommittingWriter<T, KafkaTransaction> {

    private final KafkaRecordSerializer<T> serializer;
    private final Map<String, Object> producerConfig;
    private final TransactionalIds ids;
    private final String lineage;
    private final int subtask;
    private final SendTracker sends;
    private final BackgroundCommits commits;
    private final Map<String, TransactionalProducer> precommitted = new HashMap<>();
    private int opened;
    private TransactionalProducer current;
    private boolean written;

    TransactionalKafkaWriter(KafkaRecordSerializer<T> serializer, Map<String, Object> producerConfig,
                             TransactionalIds ids, String lineage, int subtask, SendTracker sends) {
        this.serializer = serializer;
        this.producerConfig = producerConfig;
        this.ids = ids;
        this.lineage = lineage;
        this.subtask = subtask;
        this.sends = sends;
        this.commits = new BackgroundCommits(sends.sinkName());
        this.current = next();
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        sends.checkFailure();
        commits.checkFailure();
        sends.sending();
        current.producer().send(serializer.serialize(element, timestamp), sends);
        written = true;
    }

    @Override
    public boolean isReady() {
        return sends.isReady();
    }

    @Override
    public void flush(boolean endOfInput) {
        sends.checkFailure();
        commits.checkFailure();
        current.producer().flush();
        sends.checkFailure();
    }

    @Override
    public Collection<KafkaTransaction> prepareCommit() {
        if (!written) {
            return List.of();
        }
        KafkaTransaction t = current.precommit();
        precommitted.put(t.transactionalId(), current);
        current = next();
        written = false;
        return List.of(t);
    }

    /**
     * Hands {@code t} to the commit thread if this writer's producer holds it; false if it does not (a
     * transaction of an earlier run, which the committer resumes).
     */
    boolean commitIfHeld(KafkaTransaction t) {
        TransactionalProducer p = precommitted.get(t.transactionalId());
        if (p == null || !p.holds(t)) {
            return false;
        }
        precommitted.remove(t.transactionalId());
        commits.commit(p, t);
        return true;
    }

    /**
     * A producer back from its commit with its transaction begun, or a new one (a round trip to the
     * coordinator: at the first barriers, until commits bring producers back).
     */
    private TransactionalProducer next() {
        TransactionalProducer p = commits.pollIdle();
        if (p == null) {
            p = TransactionalProducer.open(producerConfig, ids.id(lineage, subtask, opened++));
        }
        p.begin();
        return p;
    }

    /**
     * Closes every producer, once the commits handed over are done. The transaction being written is
     * aborted first, so that readers are not held behind it; pre-committed ones stay open: whether
     * their checkpoints completed is not known here (a restore commits them, a settlement of the
     * failed run aborts them).
     */
    @Override
    public void close() throws InterruptedException {
        if (current != null && written) {
            try {
                current.abort();
            } catch (RuntimeException e) {
                // fenced or broker gone: the next producer of its id, or a restore, aborts it
            }
        }
        RuntimeException first = null;
        try {
            commits.close();
        } catch (RuntimeException e) {
            first = e;
        }
        List<TransactionalProducer> all = new ArrayList<>(precommitted.values());
        if (current != null) {
            all.add(current);
        }
        for (TransactionalProducer p : all) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        precommitted.clear();
        current = null;
        if (first != null) {
            throw first;
        }
    }
}
