package io.sluice.api.checkpoint;

/**
 * A function told when a checkpoint is complete (Flink's {@code CheckpointListener}): every task's
 * state and the metadata are durable, so effects held back until then (an external commit, say)
 * can be made. Called on the task's thread. A notification can be missed (a failure just after the
 * checkpoint completes), so a later one must also cover earlier checkpoints.
 */
public interface CheckpointListener {

    void notifyCheckpointComplete(long checkpointId) throws Exception;
}
