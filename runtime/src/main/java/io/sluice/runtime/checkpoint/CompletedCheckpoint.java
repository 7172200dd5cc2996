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
 * @param lineageId   the job's lineage: the same for every run of a job that started fresh and for every
 *                    run that starts from one of its checkpoints or savepoints (sinks name their
 *                    transactions with it, so a restore can tell its own leftovers from another job's)
 * @param jobFinished every task had ended when it was taken: the job's final checkpoint; a resume from
 *                    it has nothing left to run
 * @param transactions its completion committed transactions of two-phase-commit sinks: output up to it
 *                    is visible, so starting from an older checkpoint would write that output again
 */
public record CompletedCheckpoint(long id, boolean savepoint, long timestampMs, int maxParallelism, Path directory,
                                  Map<String, OperatorState> operators, long sizeBytes, String lineageId,
                                  boolean jobFinished, boolean transactions) {

    /** One operator's state over all its subtasks. */
    public record OperatorState(String operatorId, int parallelism, List<OperatorSubtaskState> subtasks) {

        /** Every subtask had finished: the operator is done, at any parallelism. */
        public boolean fullyFinished() {
            int finished = 0;
            for (OperatorSubtaskState s : subtasks) {
                if (s.finished()) {
                    finished++;
                }
            }
            return finished == parallelism;
        }

        /** Whether subtask {@code subtask} had finished. */
        public boolean finished(int subtask) {
            for (OperatorSubtaskState s : subtasks) {
                if (s.subtask() == subtask) {
                    return s.finished();
                }
            }
            return false;
        }
    }

    /** "checkpoint 7 (/path/chk-7)" or "savepoint 7 (/path)", for messages. */
    public String describe() {
        return (savepoint ? "savepoint " : "checkpoint ") + id + " (" + directory + ")";
    }
}
