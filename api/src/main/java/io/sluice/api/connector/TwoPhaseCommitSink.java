package io.sluice.api.connector;

import io.sluice.api.serialization.TypeSerializer;

import java.util.Collection;

/**
 * A sink that takes part in checkpoints for exactly-once output: at a checkpoint barrier the
 * writer {@link PrecommittingWriter#prepareCommit() pre-commits} (flushes into a transaction or a
 * pending file) and hands back committables; they are stored with the checkpoint and
 * {@link Committer#commit committed} only once the checkpoint is complete (committables of a
 * checkpoint that failed are committed with the next one that completes). After a failure, the
 * pending committables of the checkpoint the job restarts from are committed again (so commit must
 * be idempotent); those of checkpoints that never completed are {@link Committer#abort aborted}
 * once the failed run has stopped. After a crash of the whole process nobody aborts: pre-committed
 * transactions stay invisible until committed, and a sink cleans up such leftovers itself (like the
 * file sink's hidden pending files). At the end of a bounded input the last transaction is
 * committed once every task of the job has finished.
 *
 * @param <CommT> what is committed: a transaction id, a pending file name
 */
public interface TwoPhaseCommitSink<T, CommT> extends Sink<T> {

    @Override
    PrecommittingWriter<T, CommT> createWriter(SinkContext context) throws Exception;

    Committer<CommT> createCommitter() throws Exception;

    TypeSerializer<CommT> committableSerializer();

    /** A writer that can close its current transaction at a barrier. */
    interface PrecommittingWriter<T, CommT> extends SinkWriter<T> {
        /** Closes the current transaction and opens the next; returns what must be committed. */
        Collection<CommT> prepareCommit() throws Exception;
    }

    /**
     * Commits and aborts. The runtime calls {@code commit}
     * on the sink's worker thread when a checkpoint completes and after a restore, and at the end of
     * a bounded job once every task has finished; keep it short, or hand slow work to a thread of
     * the sink's own.
     */
    interface Committer<CommT> extends AutoCloseable {
        /** Makes the committables visible. Must be idempotent: it may be called again after recovery. */
        void commit(Collection<CommT> committables) throws Exception;

        /**
         * Discards committables of checkpoints that never completed, after a run failed or was
         * cancelled; they were never committed, and their records are written again.
         */
        void abort(Collection<CommT> committables) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
