package io.sluice.api.connector;

import java.io.Serializable;

/**
 * A destination of elements. The sink object is a description copied into the job; it creates one
 * writer per subtask. For exactly-once output see {@link TwoPhaseCommitSink}.
 */
public interface Sink<T> extends Serializable {
    SinkWriter<T> createWriter(SinkContext context) throws Exception;
}
