package io.sluice.runtime.operators;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.serialization.TypeSerializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feeds a sink's writer. While the writer says it is not ready, the task takes no input
 * (back-pressure without blocking). A two-phase-commit sink pre-commits at every checkpoint barrier
 * and commits once the checkpoint is complete; committables of a checkpoint that failed stay pending
 * and are committed with the next one that completes. Pending committables are part of the
 * checkpoint, so after a restore they are committed again (commit is idempotent). At the end of a
 * bounded input the last transaction is pre-committed and stays pending until the end of the job:
 * the job's final checkpoint takes it and commits it on completion (or, in a job without periodic
 * checkpoints, the job commits it once every task has ended). A sink closed early leaves its
 * pre-committed transactions for the job to settle ({@link SinkTransactions}).
 */
public final class SinkOperator<T> extends StreamOperator<T, Void> {

    private final Sink<T> sink;
    private SinkWriter<T> writer;
    private TwoPhaseCommitSink.Committer<Object> committer;
    /**
     * Pre-committed, not yet committed: by the checkpoint they were pre-committed for; the last
     * transaction of a bounded input under {@link #END_OF_INPUT} until a checkpoint takes it.
     */
    private final TreeMap<Long, List<Object>> pending = new TreeMap<>();
    private static final long END_OF_INPUT = Long.MAX_VALUE;
    private SinkTransactions transactions;

    public SinkOperator(Sink<T> sink) {
        this.sink = sink;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private TwoPhaseCommitSink<T, Object> twoPhase() {
        return sink instanceof TwoPhaseCommitSink tpc ? tpc : null;
    }

    @Override
    public void leaveTransactionsWith(SinkTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void initializeState(List<byte[]> items) throws Exception {
        TwoPhaseCommitSink<T, Object> tpc = twoPhase();
        if (tpc == null) {
            return;
        }
        TypeSerializer<Object> serializer = tpc.committableSerializer();
        for (byte[] item : items) {
            PendingCommits.Entry e = PendingCommits.read(item, serializer, context.operatorName());
            pendingFor(e.checkpointId()).addAll(e.committables());
        }
    }

    @Override
    public void open() throws Exception {
        writer = sink.createWriter(new ConnectorContext(context));
        TwoPhaseCommitSink<T, Object> tpc = twoPhase();
        if (tpc != null) {
            committer = tpc.createCommitter(context.operatorName());
            if (!pending.isEmpty()) {
                // restored: the checkpoint they belong to is complete, so they are committed (again)
                commitUpTo(Long.MAX_VALUE);
            }
        }
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        writer.write(value, timestamp);
    }

    @Override
    public boolean isBlocked() {
        return !writer.isReady();
    }

    /** Only a writer that overrides {@link SinkWriter#isReady} can ever be not ready. */
    @Override
    public boolean mayBlock() {
        return Overrides.overrides(writer.getClass(), SinkWriter.class, "isReady");
    }

    @Override
    public List<byte[]> snapshotState(long checkpointId) throws Exception {
        writer.flush(false);
        TwoPhaseCommitSink<T, Object> tpc = twoPhase();
        if (tpc == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Collection<Object> committables = ((TwoPhaseCommitSink.PrecommittingWriter<T, Object>) writer).prepareCommit();
        List<Object> last = pending.remove(END_OF_INPUT);
        if (last != null) {
            pendingFor(checkpointId).addAll(last); // the final checkpoint takes the last transaction
        }
        if (!committables.isEmpty()) {
            pendingFor(checkpointId).addAll(committables);
        }
        List<byte[]> items = new ArrayList<>(pending.size());
        TypeSerializer<Object> serializer = tpc.committableSerializer();
        for (Map.Entry<Long, List<Object>> e : pending.entrySet()) {
            items.add(PendingCommits.write(e.getKey(), e.getValue(), serializer));
        }
        return items;
    }

    @Override
    public boolean hasPendingTransactions() {
        return !pending.isEmpty();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (committer != null) {
            commitUpTo(checkpointId);
        }
    }

    // no lambdas in this class: the chain specializer copies it as a hidden class
    private List<Object> pendingFor(long checkpointId) {
        List<Object> list = pending.get(checkpointId);
        if (list == null) {
            list = new ArrayList<>();
            pending.put(checkpointId, list);
        }
        return list;
    }

    private void commitUpTo(long checkpointId) throws Exception {
        Map<Long, List<Object>> due = pending.headMap(checkpointId, true);
        if (due.isEmpty()) {
            return;
        }
        List<Object> all = new ArrayList<>();
        for (List<Object> c : due.values()) {
            all.addAll(c);
        }
        committer.commit(all);
        due.clear();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean finish() throws Exception {
        writer.flush(true);
        if (committer != null && writer instanceof TwoPhaseCommitSink.PrecommittingWriter w) {
            Collection<Object> last = w.prepareCommit();
            if (!last.isEmpty()) {
                pendingFor(END_OF_INPUT).addAll(last);
            }
            if (transactions == null) {
                commitUpTo(END_OF_INPUT); // a harness without a job: nothing else will commit it
            }
        }
        return true;
    }

    private String name() {
        return context.operatorName() + " (" + (context.subtaskIndex() + 1) + ")";
    }

    @Override
    public void close() throws Exception {
        // Closed early (failure, cancellation) with pre-committed transactions: whether their
        // checkpoints completed is known only once the run has stopped, so the job settles them
        // (aborts those of checkpoints that never completed; a restore commits the others again).
        try {
            if (writer != null) {
                writer.close();
            }
        } finally {
            if (committer != null && transactions != null && !pending.isEmpty()) {
                transactions.leftPending(name(), committer, new TreeMap<>(pending));
            } else if (committer != null) {
                committer.close();
            }
        }
    }
}
