package io.sluice.api.checkpoint;

/** What {@link CheckpointedFunction#snapshotState} gets (Flink's {@code FunctionSnapshotContext}). */
public interface FunctionSnapshotContext {

    long getCheckpointId();
}
