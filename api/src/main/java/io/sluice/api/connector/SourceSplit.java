package io.sluice.api.connector;

/**
 * A part of a source that one reader reads in order: a Kafka partition, a file, a range of a
 * generator. A split's state (its position) is what a snapshot records.
 */
public interface SourceSplit {
    /** Unique within its source; stable across restarts. */
    String splitId();
}
