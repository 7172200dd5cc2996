package io.sluice.runtime.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint (or savepoint) whose metadata is durable: everything a job needs to start again from
 * it, by operator id.
 *
 * @param directory   where its files are
 * @param operators   per operator id, the parallelism it ran at and the state of every subtask
 * @param sizeBytes   bytes of state files written
 */
public record CompletedCheckpoint(long id, boolean savepoint, long timestampMs, int maxParallelism, Path directory,
                                  Map<String, OperatorState> operators, long sizeBytes) {

    /** One operator's state over all its subtasks. */
    public record OperatorState(String operatorId, int parallelism, List<OperatorSubtaskState> subtasks) {
    }
}
