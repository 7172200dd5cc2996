package io.sluice.runtime.testing;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A two-phase-commit sink for tests: each writer collects strings into a transaction, pre-commits it
 * at a barrier (the committable carries the records) and the committer publishes it by transaction
 * id, so committing the same transaction twice publishes it once. Only committed records count.
 */
public final class TransactionalCollectSink implements TwoPhaseCommitSink<String, TransactionalCollectSink.Txn> {

    private static final Map<String, Map<String, List<String>>> COMMITTED = new ConcurrentHashMap<>();
    private static final Map<String, ConcurrentLinkedQueue<String>> COMMITS = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> ABORTED = new ConcurrentHashMap<>();

    private final String id;

    /** A sink with a store of its own. */
    public TransactionalCollectSink() {
        this(UUID.randomUUID().toString());
    }

    /**
     * A sink committing into the store named {@code store}: sinks of two runs of a job that share a
     * store are like two runs writing to the same external system (a re-commit publishes nothing twice).
     */
    public TransactionalCollectSink(String store) {
        this.id = store;
        COMMITTED.putIfAbsent(id, new ConcurrentHashMap<>());
        COMMITS.putIfAbsent(id, new ConcurrentLinkedQueue<>());
        ABORTED.putIfAbsent(id, ConcurrentHashMap.newKeySet());
    }

    /** A pre-committed transaction. */
    public record Txn(String txnId, List<String> records) {
    }

    @Override
    public PrecommittingWriter<String, Txn> createWriter(SinkContext context) {
        return new PrecommittingWriter<>() {
            private List<String> open = new ArrayList<>();

            @Override
            public void write(String element, long timestamp) {
                open.add(element);
            }

            @Override
            public Collection<Txn> prepareCommit() {
                Txn t = new Txn(context.subtaskIndex() + "-" + UUID.randomUUID(), open);
                open = new ArrayList<>();
                return List.of(t);
            }
        };
    }

    @Override
    public Committer<Txn> createCommitter() {
        Map<String, List<String>> committed = COMMITTED.get(id);
        ConcurrentLinkedQueue<String> commits = COMMITS.get(id);
        Set<String> aborted = ABORTED.get(id);
        return new Committer<>() {
            @Override
            public void commit(Collection<Txn> committables) {
                for (Txn t : committables) {
                    if (aborted.contains(t.txnId())) { // as a real system would: an aborted transaction is gone
                        throw new IllegalStateException("transaction " + t.txnId() + " was aborted and cannot be committed");
                    }
                    committed.putIfAbsent(t.txnId(), List.copyOf(t.records()));
                    commits.add(t.txnId());
                }
            }

            @Override
            public void abort(Collection<Txn> committables) {
                for (Txn t : committables) {
                    if (committed.containsKey(t.txnId())) {
                        throw new IllegalStateException("transaction " + t.txnId() + " was committed and cannot be aborted");
                    }
                    aborted.add(t.txnId());
                }
            }
        };
    }

    @Override
    public TypeSerializer<Txn> committableSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(Txn t, DataOutput out) throws IOException {
                out.writeUTF(t.txnId());
                out.writeInt(t.records().size());
                for (String r : t.records()) {
                    out.writeUTF(r);
                }
            }

            @Override
            public Txn deserialize(DataInput in) throws IOException {
                String txn = in.readUTF();
                int n = in.readInt();
                List<String> records = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    records.add(in.readUTF());
                }
                return new Txn(txn, records);
            }

            @Override
            public String typeName() {
                return "test transaction";
            }
        };
    }

    /** Every committed record, each transaction once. */
    public List<String> committed() {
        List<String> all = new ArrayList<>();
        COMMITTED.get(id).values().forEach(all::addAll);
        return all;
    }

    /** Ids of the transactions committed so far. */
    public Set<String> committedTransactions() {
        return Set.copyOf(COMMITTED.get(id).keySet());
    }

    /** Transactions aborted so far. */
    public Set<String> aborted() {
        return Set.copyOf(ABORTED.get(id));
    }

    /** How many commit calls named a transaction (re-commits after recovery included). */
    public int commitCalls() {
        return COMMITS.get(id).size();
    }
}
