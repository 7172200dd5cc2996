package io.sluice.api.checkpoint;

/**
 * A function with state of its own in checkpoints (Flink's {@code CheckpointedFunction}): it
 * declares its state in {@link #initializeState}, called once per subtask before {@code open}, on a
 * fresh start and on a restore, and copies whatever it keeps in fields into that state in
 * {@link #snapshotState}, called on the task's thread as the checkpoint barrier passes (no element
 * is processed meanwhile).
 *
 * <p>Operator state (from {@link FunctionInitializationContext#getOperatorStateStore()}) works on any
 * stream; keyed state also comes from {@link FunctionInitializationContext#getKeyedStateStore()} on a
 * keyed stream.
 */
public interface CheckpointedFunction {

    void snapshotState(FunctionSnapshotContext context) throws Exception;

    void initializeState(FunctionInitializationContext context) throws Exception;
}
