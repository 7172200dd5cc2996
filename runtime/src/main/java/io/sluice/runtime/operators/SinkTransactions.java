package io.sluice.runtime.operators;

import io.sluice.api.connector.TwoPhaseCommitSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the two-phase-commit sinks of one run leave behind when it ends, settled by the job once every
 * worker has exited:
 * <ul>
 *   <li>the last transactions of sinks whose input ended, committed only once every task of the run
 *       has finished: a sink that committed its last transaction when its own input ended would see
 *       it committed twice if another task then failed and the job restarted from its latest
 *       checkpoint (its records are written again); held here, they are dropped with a failed run;</li>
 *   <li>after a failure or cancellation, the transactions sinks had pre-committed for checkpoints:
 *       those of a checkpoint that never completed are aborted (no run will commit them: a restore
 *       goes back to a completed one and writes their records again); those of a completed one are
 *       left for a restore to commit again.</li>
 * </ul>
 * Sinks add from their worker threads.
 */
public final class SinkTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(SinkTransactions.class);

    private record Pending(String sink, TwoPhaseCommitSink.Committer<Object> committer, Collection<Object> committables) {
    }

    /** A sink's pre-committed transactions by checkpoint id, left when its task closed early. */
    private record Unsettled(String sink, TwoPhaseCommitSink.Committer<Object> committer,
                             java.util.NavigableMap<Long, List<Object>> byCheckpoint) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final List<Unsettled> unsettled = new ArrayList<>();

    /** Takes the sink's committer (it is closed here) and what it must commit at the end. */
    public synchronized void add(String sink, TwoPhaseCommitSink.Committer<Object> committer,
                                 Collection<Object> committables) {
        pending.add(new Pending(sink, committer, committables));
    }

    /** Every task finished: commits everything, closes the committers; the first failure is thrown. */
    public synchronized void commitAll() throws Exception {
        Exception failure = null;
        for (Pending p : pending) {
            try (TwoPhaseCommitSink.Committer<Object> c = p.committer()) {
                c.commit(p.committables());
            } catch (Exception e) {
                Exception wrapped = new Exception("sink '" + p.sink() + "' could not commit its last transactions: "
                        + e.getMessage(), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        pending.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A sink's task closed before its input ended (failure or cancellation) with transactions
     * pre-committed for checkpoints but not committed yet; takes its committer.
     */
    public synchronized void leftPending(String sink, TwoPhaseCommitSink.Committer<Object> committer,
                                         java.util.NavigableMap<Long, List<Object>> byCheckpoint) {
        unsettled.add(new Unsettled(sink, committer, byCheckpoint));
    }

    /**
     * The run failed or was cancelled and no checkpoint can complete any more: the last
     * transactions are not committed (a restart writes their records again), transactions of
     * checkpoints after {@code lastCompleted} are aborted, committers close.
     */
    public synchronized void settleAfterFailure(long lastCompleted) {
        for (Pending p : pending) {
            close(p.sink(), p.committer());
        }
        pending.clear();
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
