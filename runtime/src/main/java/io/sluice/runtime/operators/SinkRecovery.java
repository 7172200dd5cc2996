package io.sluice.runtime.operators;

import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.internal.UserObjects;
import io.sluice.runtime.checkpoint.CompletedCheckpoint;
import io.sluice.runtime.checkpoint.OperatorSubtaskState;
import io.sluice.runtime.checkpoint.RestoreRefusedException;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.plan.OperatorNode;
import io.sluice.runtime.plan.PlannedChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The sinks' side of a job starting from a checkpoint, before any of its tasks runs: every
 * transaction the checkpoint holds (its completion committed them, or was about to) is committed
 * again, whichever subtask pre-committed it and at whatever parallelism the job starts; then each
 * sink discards what earlier runs of the job's lineage left that no checkpoint will ever commit.
 * Doing it once per sink, here, rather than in each subtask means no subtask can discard a part that
 * another has yet to commit. Runs on the thread that starts the job (or restarts it).
 */
public final class SinkRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SinkRecovery.class);

    /** A two-phase-commit sink of the job: its operator id, name and the sink (the job's copy). */
    private record TransactionalSink(String operatorId, String name, TwoPhaseCommitSink<?, Object> sink) {
    }

    private final List<TransactionalSink> sinks;

    private SinkRecovery(List<TransactionalSink> sinks) {
        this.sinks = sinks;
    }

    /**
     * The two-phase-commit sinks of {@code plan}.
     *
     * @param operatorId the id an operator's state is stored under
     */
    @SuppressWarnings("unchecked")
    public static SinkRecovery of(ExecutionPlan plan, Function<OperatorNode, String> operatorId, ClassLoader loader) {
        List<TransactionalSink> sinks = new ArrayList<>();
        for (PlannedChain chain : plan.chains()) {
            for (OperatorNode node : chain.operators()) {
                if (node.transformation() instanceof OneInputTransformation<?, ?> t
                        && t.spec() instanceof OperatorSpec.SinkOp<?> s
                        && s.sink() instanceof TwoPhaseCommitSink<?, ?>) {
                    TwoPhaseCommitSink<?, Object> copy = (TwoPhaseCommitSink<?, Object>) UserObjects.copy(s.sink(),
                            node.name(), loader);
                    sinks.add(new TransactionalSink(operatorId.apply(node), node.name(), copy));
                }
            }
        }
        return new SinkRecovery(sinks);
    }

    /** Whether the job has a sink whose output becomes visible at checkpoints. */
    public boolean hasTransactionalSinks() {
        return !sinks.isEmpty();
    }

    /** The operator ids of the job's two-phase-commit sinks: their restored state is settled here, not by the operators. */
    public List<String> operatorIds() {
        List<String> ids = new ArrayList<>();
        for (TransactionalSink s : sinks) {
            ids.add(s.operatorId());
        }
        return ids;
    }

    /**
     * Commits every transaction of {@code checkpoint}, sink by sink, and only then lets each sink
     * discard the leftovers of lineage {@code lineageId} (so that no sink can discard a part another
     * sink of the job has yet to commit, even if they share a directory).
     *
     * @throws RestoreRefusedException naming the sink and the checkpoint when a commit fails (the
     *                                 job must not start: the output of the checkpoint would be missing)
     */
    public void recover(CompletedCheckpoint checkpoint, String lineageId) throws RestoreRefusedException {
        int[] committed = new int[sinks.size()];
        for (int i = 0; i < sinks.size(); i++) {
            TransactionalSink s = sinks.get(i);
            try {
                List<Object> all = restoredTransactions(s, checkpoint);
                if (!all.isEmpty()) {
                    try (TwoPhaseCommitSink.Committer<Object> committer = s.sink().createCommitter(s.name())) {
                        committer.commit(all);
                    }
                }
                committed[i] = all.size();
            } catch (Exception e) {
                throw new RestoreRefusedException("cannot start from " + checkpoint.describe() + ": sink '" + s.name()
                        + "' could not commit the transactions the checkpoint holds: " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < sinks.size(); i++) {
            TransactionalSink s = sinks.get(i);
            int discarded;
            try (TwoPhaseCommitSink.Committer<Object> committer = s.sink().createCommitter(s.name())) {
                discarded = committer.discardLeftovers(lineageId);
            } catch (Exception e) {
                // the output is complete; what is left over stays hidden: worth a warning, not a refusal
                LOG.warn("sink '{}' could not discard what earlier runs left behind: {}", s.name(), e.toString());
                discarded = 0;
            }
            LOG.info("sink '{}': committed the {} transactions of {}{}", s.name(), committed[i],
                    checkpoint.describe(), discarded == 0 ? "" : "; discarded " + discarded
                            + " leftovers of earlier runs");
        }
    }

    /** Every transaction the checkpoint holds for sink {@code s}, over all its former subtasks. */
    private static List<Object> restoredTransactions(TransactionalSink s, CompletedCheckpoint checkpoint)
            throws Exception {
        List<Object> all = new ArrayList<>();
        CompletedCheckpoint.OperatorState state = checkpoint.operators().get(s.operatorId());
        if (state != null) {
            for (OperatorSubtaskState subtask : state.subtasks()) {
                for (byte[] item : subtask.items()) {
                    all.addAll(PendingCommits.read(item, s.sink().committableSerializer(), s.name()).committables());
                }
            }
        }
        return all;
    }
}
