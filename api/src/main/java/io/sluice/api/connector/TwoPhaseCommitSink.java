package io.sluice.api.connector;

import io.sluice.api.serialization.TypeSerializer;

import java.util.Collection;

/**
 * A sink that takes part in checkpoints for exactly-once output: at a checkpoint barrier the
 * writer {@link PrecommittingWriter#prepareCommit() pre-commits} (flushes into a transaction or a
 * pending file) and hands back committables; they are stored with the checkpoint and
 * {@link Committer#commit committed} only once the checkpoint is complete. After a failure,
 * pending committables of the last complete checkpoint are committed again (so commit must be
 * idempotent) and newer ones are aborted.
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
     * Commits and aborts. Until checkpoints exist, the runtime pre-commits and commits once, when a
     * bounded input ends, on the sink's worker thread.
     */
    interface Committer<CommT> extends AutoCloseable {
        /** Makes the committables visible. Must be idempotent: it may be called again after recovery. */
        void commit(Collection<CommT> committables) throws Exception;

        /** Discards committables of a checkpoint that will never complete. */
        void abort(Collection<CommT> committables) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
