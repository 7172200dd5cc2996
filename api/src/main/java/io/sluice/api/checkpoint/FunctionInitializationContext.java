package io.sluice.api.checkpoint;

import io.sluice.api.state.KeyedStateStore;
import io.sluice.api.state.OperatorStateStore;

/** What {@link CheckpointedFunction#initializeState} gets (Flink's {@code FunctionInitializationContext}). */
public interface FunctionInitializationContext {

    /** True when the subtask starts from a checkpoint or savepoint that holds this operator's state. */
    boolean isRestored();

    OperatorStateStore getOperatorStateStore();

    /**
     * Keyed state, scoped to the key of the element being processed; asking for it on a stream that
     * is not keyed fails with an error that names the operator.
     */
    KeyedStateStore getKeyedStateStore();
}
