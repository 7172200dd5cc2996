package io.sluice.state.offheap;

import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateBackend;

/** Keyed state serialized into direct memory, with a memory budget per operator and subtask. */
public final class OffHeapStateBackend implements StateBackend {

    public static final String NAME = "offheap";

    private final long budgetBytes;
    private final java.nio.file.Path spillDirectory;

    public OffHeapStateBackend(long budgetBytes) {
        this(budgetBytes, null);
    }

    /** @param spillDirectory where state beyond the budget is kept in mapped files, or null to fail at the budget */
    public OffHeapStateBackend(long budgetBytes, java.nio.file.Path spillDirectory) {
        this.budgetBytes = budgetBytes;
        this.spillDirectory = spillDirectory;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyedStateBackend createKeyedStateBackend(KeyedBackendParameters parameters) {
        return new OffHeapKeyedStateBackend(parameters, null, budgetBytes, spillDirectory);
    }
}
