package io.sluice.state.offheap;

import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateBackend;

/** Keyed state serialized into direct memory, with a memory budget per operator and subtask. */
public final class OffHeapStateBackend implements StateBackend {

    public static final String NAME = "offheap";

    private final long budgetBytes;

    public OffHeapStateBackend(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyedStateBackend createKeyedStateBackend(KeyedBackendParameters parameters) {
        return new OffHeapKeyedStateBackend(parameters, null, budgetBytes);
    }
}
