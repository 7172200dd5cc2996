package io.sluice.api.connector;

/** What a sink writer knows of its place in the job. */
public interface SinkContext {
    int subtaskIndex();

    int parallelism();

    String operatorName();
}
