package io.sluice.api.connector.format;

/**
 * What a source does with a record it cannot turn into an element (a malformed CSV line, invalid
 * JSON, a value that does not fit the schema, bytes a deserializer refuses). Never a silent loss:
 * every bad record fails the job, is counted, or is kept.
 */
public enum BadRecordPolicy {

    /**
     * The default: the job fails with a message that names the record's origin and position, the
     * reason, and how to choose another policy.
     */
    FAIL,

    /**
     * The record is dropped, counted in the source operator's dropped records
     * ({@code OperatorMetrics.recordsDropped}) and logged, at most once every few seconds per
     * source with the count since the last line.
     */
    SKIP,

    /**
     * The record goes to the source's dead-letter side output as a {@link DeadLetter} (raw bytes,
     * origin, position, reason): {@code stream.getSideOutput(DeadLetter.TAG)}. If nothing reads that
     * side output, the record is counted in the source operator's dropped records.
     */
    DEAD_LETTER
}
