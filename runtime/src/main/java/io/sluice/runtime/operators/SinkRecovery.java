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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * Commits every transaction of {@code checkpoint}, sink by sink, then lets each sink discard the
     * leftovers of lineage {@code lineageId}.
     *
     * @throws RestoreRefusedException naming the sink and the checkpoint when a commit fails (the
     *                                 job must not start: the output of the checkpoint would be missing)
     */
    public void recover(CompletedCheckpoint checkpoint, String lineageId) throws RestoreRefusedException {
        for (TransactionalSink s : sinks) {
            Map<Long, List<Object>> byCheckpoint = new LinkedHashMap<>();
            CompletedCheckpoint.OperatorState state = checkpoint.operators().get(s.operatorId());
            try {
                if (state != null) {
                    for (OperatorSubtaskState subtask : state.subtasks()) {
                        for (byte[] item : subtask.items()) {
                            PendingCommits.Entry e = PendingCommits.read(item, s.sink().committableSerializer(), s.name());
                            byCheckpoint.computeIfAbsent(e.checkpointId(), k -> new ArrayList<>()).addAll(e.committables());
                        }
                    }
                }
                List<Object> all = new ArrayList<>();
                byCheckpoint.values().forEach(all::addAll);
                try (TwoPhaseCommitSink.Committer<Object> committer = s.sink().createCommitter()) {
                    if (!all.isEmpty()) {
                        committer.commit(all);
                    }
                    int discarded = committer.discardLeftovers(lineageId);
                    LOG.info("sink '{}': committed the {} transactions of {}{}", s.name(), all.size(),
                            checkpoint.describe(), discarded == 0 ? "" : "; discarded " + discarded
                                    + " leftovers of earlier runs");
                }
            } catch (Exception e) {
                throw new RestoreRefusedException("cannot start from " + checkpoint.describe() + ": sink '" + s.name()
                        + "' could not commit the transactions the checkpoint holds: " + e.getMessage(), e);
            }
        }
    }
}
