package io.sluice.api.connector;

/** What a reader knows of its place in the job. */
public interface SourceReaderContext {
    int subtaskIndex();

    int parallelism();

    /** The source's name in the job, for messages and thread names. */
    default String operatorName() {
        return "source";
    }

    /** The current processing time in milliseconds since the epoch. */
    long currentProcessingTime();
}
