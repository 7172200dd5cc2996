package io.sluice.api.connector;

import io.sluice.api.config.Configuration;

import java.io.Serializable;

/**
 * A destination of elements. The sink object is a description copied into the job; it creates one
 * writer per subtask. For exactly-once output see {@link TwoPhaseCommitSink}.
 */
public interface Sink<T> extends Serializable {
    SinkWriter<T> createWriter(SinkContext context) throws Exception;

    /**
     * Checks the sink against the job's configuration while the job is built, before anything runs:
     * throw {@link io.sluice.api.InvalidJobException} with the fix when a setting cannot work (an
     * exactly-once sink whose transactions would time out before a checkpoint commits them, say).
     *
     * @param jobConfiguration the job's settings ({@code checkpoint.interval} and the like)
     * @param sinkName         the sink operator's name, for the message
     */
    default void validate(Configuration jobConfiguration, String sinkName) {
    }
}
