package io.sluice.connectors.chronicle;

/**
 * What {@link ChronicleQueueSource}'s reader needs of a queue reader: a non-blocking poll, a position,
 * and whether a bounded read is done. Used from one thread.
 */
interface QueueReader extends AutoCloseable {

    /**
     * Reads what is there now, without waiting: at most {@code maxRecords} records delivered and a
     * bounded number of documents read.
     *
     * @return the work done (documents read plus records delivered); 0 when nothing was available
     */
    int poll(int maxRecords, QueueRecordHandler handler) throws Exception;

    /** Where to resume so that nothing delivered so far is delivered again. */
    QueuePosition position();

    /** True once every document below the reader's limit has been read and delivered. */
    boolean reachedLimit();

    @Override
    void close();

    /** Positions {@code tailer} at {@code index}, 0 (or an index before the queue's first) meaning its start. */
    static void moveTo(net.openhft.chronicle.queue.ExcerptTailer tailer, long index) {
        if (index <= 0 || index < tailer.queue().firstIndex()) {
            tailer.toStart();
        } else {
            // false when nothing is written at the index yet: the tailer then waits there, as wanted
            tailer.moveToIndex(index);
        }
    }
}
