package io.sluice.runtime.operators;

import io.sluice.api.connector.TwoPhaseCommitSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The last transactions of two-phase-commit sinks whose input ended, committed only once every task
 * of the run has finished. A sink that committed its last transaction when its own input ended
 * would see it committed twice if another task then failed and the job restarted from its latest
 * checkpoint (its records are written again); held here, the transactions are dropped with the
 * failed run instead. Sinks add from their worker threads; the job commits or discards once, after
 * every worker has exited.
 */
public final class EndOfJobCommits {

    private static final Logger LOG = LoggerFactory.getLogger(EndOfJobCommits.class);

    private record Pending(String sink, TwoPhaseCommitSink.Committer<Object> committer, Collection<Object> committables) {
    }

    private final List<Pending> pending = new ArrayList<>();

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

    /** The run failed or was cancelled: nothing is committed (a restart writes it again), committers close. */
    public synchronized void discard() {
        for (Pending p : pending) {
            try {
                p.committer().close();
            } catch (Exception e) {
                LOG.warn("closing the committer of sink '{}' failed", p.sink(), e);
            }
        }
        pending.clear();
    }
}
