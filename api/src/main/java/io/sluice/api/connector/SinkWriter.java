package io.sluice.api.connector;

/**
 * Writes the elements of one subtask. Called only from that subtask's worker thread.
 *
 * <p>A writer that does I/O should not block the worker: it hands data to its own thread and says
 * {@link #isReady()} false while that thread is behind, and the runtime applies back-pressure
 * (stops feeding it, and the slowness travels up to the source) instead of blocking.
 */
public interface SinkWriter<T> extends AutoCloseable {

    /**
     * @param timestamp the element's event timestamp, or {@code Long.MIN_VALUE} if it has none
     */
    void write(T element, long timestamp) throws Exception;

    /** False while the writer cannot take more; the runtime then waits without blocking. */
    default boolean isReady() {
        return true;
    }

    /**
     * Makes everything written so far durable or visible. With {@code endOfInput}, it is the last
     * call before {@code close} on a finished bounded job.
     */
    default void flush(boolean endOfInput) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
