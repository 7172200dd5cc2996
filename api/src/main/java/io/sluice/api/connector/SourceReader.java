package io.sluice.api.connector;

import java.util.List;

/**
 * Reads the splits assigned to one subtask. Called only from that subtask's worker thread, and
 * never allowed to block it: a reader that waits on I/O does so on its own thread and hands
 * elements over (see the connector guide).
 *
 * <p>Lifecycle: {@code addSplits} (once or more), then {@code pollNext} repeatedly until it returns
 * {@link InputStatus#END_OF_INPUT} or the job is cancelled, then {@code close}.
 */
public interface SourceReader<T, SplitT extends SourceSplit> extends AutoCloseable {

    /** Takes ownership of splits (at start, or restored from a snapshot). */
    void addSplits(List<SplitT> splits);

    /**
     * Emits at most a small bounded number of elements (ideally one) into {@code output}.
     */
    InputStatus pollNext(ReaderOutput<T> output) throws Exception;

    /** The current position of every owned split, as split objects, for a snapshot. */
    List<SplitT> snapshotState(long checkpointId);

    /** The snapshot {@code checkpointId} is durable: positions up to it may be committed upstream. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
