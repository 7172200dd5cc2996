package io.sluice.runtime.operators;

import io.sluice.api.connector.TwoPhaseCommitSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What the two-phase-commit sinks of one run leave behind when it fails or is cancelled, settled by
 * the job once every worker has exited and no checkpoint of the run can complete any more: the
 * transactions a sink had pre-committed for a checkpoint that never completed (or for the job's
 * final checkpoint that never came) are aborted — no run will commit them: a restore goes back to a
 * completed checkpoint and writes their records again; those of a completed checkpoint are left for
 * a restore to commit again. Sinks add from their worker threads.
 */
public final class SinkTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(SinkTransactions.class);

    /** A sink's pre-committed transactions by checkpoint id, left when its task closed early. */
    private record Unsettled(String sink, TwoPhaseCommitSink.Committer<Object> committer,
                             java.util.NavigableMap<Long, List<Object>> byCheckpoint) {
    }

    private final List<Unsettled> unsettled = new ArrayList<>();

    /**
     * A sink's task closed before its input ended (failure or cancellation) with transactions
     * pre-committed for checkpoints but not committed yet; takes its committer.
     */
    public synchronized void leftPending(String sink, TwoPhaseCommitSink.Committer<Object> committer,
                                         java.util.NavigableMap<Long, List<Object>> byCheckpoint) {
        unsettled.add(new Unsettled(sink, committer, byCheckpoint));
    }

    /**
     * The run failed or was cancelled and no checkpoint can complete any more: transactions of
     * checkpoints after {@code lastCompleted} are aborted, committers close.
     */
    public synchronized void settleAfterFailure(long lastCompleted) {
        for (Unsettled u : unsettled) {
            List<Object> never = new ArrayList<>();
            for (List<Object> c : u.byCheckpoint().tailMap(lastCompleted, false).values()) {
                never.addAll(c);
            }
            if (!never.isEmpty()) {
                try {
                    u.committer().abort(never);
                } catch (Exception e) {
                    LOG.warn("sink '{}' could not abort {} transactions of checkpoints after {}", u.sink(),
                            never.size(), lastCompleted, e);
                }
            }
            close(u.sink(), u.committer());
        }
        unsettled.clear();
    }

    private static void close(String sink, TwoPhaseCommitSink.Committer<Object> committer) {
        try {
            committer.close();
        } catch (Exception e) {
            LOG.warn("closing the committer of sink '{}' failed", sink, e);
        }
    }
}
