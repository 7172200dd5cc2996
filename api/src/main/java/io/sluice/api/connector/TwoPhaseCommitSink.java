package io.sluice.api.connector;

import io.sluice.api.serialization.TypeSerializer;

import java.util.Collection;

/**
 * A sink that takes part in checkpoints for exactly-once output: at a checkpoint barrier the
 * writer {@link PrecommittingWriter#prepareCommit() pre-commits} (flushes into a transaction or a
 * pending file) and hands back committables; they are stored with the checkpoint and
 * {@link Committer#commit committed} only once the checkpoint is complete (committables of a
 * checkpoint that failed are committed with the next one that completes). Savepoints pre-commit but
 * do not commit (the next checkpoint does), except the savepoint of a stop-with-savepoint.
 *
 * <p>At the end of a bounded input the last transaction is pre-committed and committed by the job's
 * final checkpoint, taken once every task has ended, so that a resume from any checkpoint repeats
 * nothing (without periodic checkpoints it is committed once every task has ended).
 *
 * <p>When a job starts from a checkpoint (after a failure, or a crash of the whole process), every
 * transaction that checkpoint holds is committed again (so commit must be idempotent) before any
 * writer exists, and then {@link Committer#discardLeftovers} removes what earlier runs of the job left
 * that no checkpoint will ever commit. When a run fails or is cancelled in-process, transactions of
 * checkpoints that never completed are {@link Committer#abort aborted} once it has stopped.
 *
 * @param <CommT> what is committed: a transaction id, a pending file name
 */
public interface TwoPhaseCommitSink<T, CommT> extends Sink<T> {

    @Override
    PrecommittingWriter<T, CommT> createWriter(SinkContext context) throws Exception;

    Committer<CommT> createCommitter() throws Exception;

    /**
     * The committer of the sink operator named {@code sinkName} (a sink that names its transactions
     * after its operator needs it); the runtime calls this one. By default {@link #createCommitter()}.
     */
    default Committer<CommT> createCommitter(String sinkName) throws Exception {
        return createCommitter();
    }

    TypeSerializer<CommT> committableSerializer();

    /** A writer that can close its current transaction at a barrier. */
    interface PrecommittingWriter<T, CommT> extends SinkWriter<T> {
        /** Closes the current transaction and opens the next; returns what must be committed. */
        Collection<CommT> prepareCommit() throws Exception;
    }

    /**
     * Commits and aborts. The runtime calls {@code commit} on the sink's worker thread when a
     * checkpoint completes and when the job finishes; keep it short, or hand slow work to a thread
     * of the sink's own. After a restore it calls {@code commit} and then {@code discardLeftovers}
     * once per sink on the thread that starts the job, before any writer exists.
     */
    interface Committer<CommT> extends AutoCloseable {
        /** Makes the committables visible. Must be idempotent: it may be called again after recovery. */
        void commit(Collection<CommT> committables) throws Exception;

        /**
         * Discards committables of checkpoints that never completed, after a run failed or was
         * cancelled; they were never committed, and their records are written again.
         */
        void abort(Collection<CommT> committables) throws Exception;

        /**
         * The job starts from a checkpoint and every transaction of it has been committed; no writer
         * of the new run exists yet. Discards what writers of this job's lineage
         * ({@link SinkContext#jobLineageId}) left that will never be committed: open transactions of
         * a run that was killed, pre-committed ones of checkpoints that never completed. Never touches
         * what another job (another lineage) or another sink wrote.
         *
         * @return how many leftovers were discarded (for the log)
         */
        default int discardLeftovers(String jobLineageId) throws Exception {
            return 0;
        }

        @Override
        default void close() throws Exception {
        }
    }
}
