package io.sluice.runtime.checkpoint;

import java.util.List;

/**
 * One task's acknowledgement of a checkpoint: the state of each of its operators, written.
 *
 * @param alignmentNanos how long the task held inputs back waiting for the barrier on all of them
 * @param syncNanos      the task's synchronous pause (capture, barrier forwarding)
 * @param finished       the task had ended (all input processed, all output emitted) when it took its part
 * @param transactions   a two-phase-commit sink of the task holds transactions that the checkpoint's
 *                       completion commits
 */
public record TaskSnapshot(long checkpointId, int taskIndex, List<OperatorSubtaskState> operators,
                           long alignmentNanos, long syncNanos, boolean finished, boolean transactions) {
}
