package io.sluice.api.connector;

/**
 * Where a {@link SourceReader} emits elements. Emitting through {@link #forSplit} gives each split
 * its own watermark generator (per-partition watermarks): the source's watermark is the minimum
 * over its active splits.
 */
public interface ReaderOutput<T> {

    /** Emits an element with no timestamp of its own (the timestamp assigner may give it one). */
    void collect(T element);

    /** Emits an element carrying a timestamp from the source (e.g. a Kafka record timestamp). */
    void collect(T element, long timestamp);

    /** The output of one split, with its own watermarks and idleness. */
    SplitOutput<T> forSplit(String splitId);

    /** The split is finished or moved: it no longer takes part in the watermark. */
    void releaseSplit(String splitId);

    /**
     * Sends a record the reader could not read to the source's dead-letter side output
     * ({@code DeadLetter.TAG}); see {@link io.sluice.api.connector.format.BadRecords}. The runtime's
     * output takes it; a test double may not.
     */
    default void deadLetter(io.sluice.api.connector.format.DeadLetter letter) {
        throw new UnsupportedOperationException("this reader output takes no dead letters: " + letter);
    }

    /** Counts a bad record the reader dropped (as the source's dropped records). */
    default void skippedBadRecord() {
        throw new UnsupportedOperationException("this reader output does not count skipped records");
    }

    /** The output of one split. */
    interface SplitOutput<T> {
        void collect(T element);

        void collect(T element, long timestamp);

        /** Marks the split idle until its next element. */
        void markIdle();
    }
}
