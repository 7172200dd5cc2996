package io.sluice.state.offheap;

import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateBackend;

/** Keyed state serialized into direct memory, with a memory budget per operator and subtask. */
public final class OffHeapStateBackend implements StateBackend {

    public static final String NAME = "offheap";

    private final long budgetBytes;
    private final java.nio.file.Path spillDirectory;
    private final boolean inlineValues;

    public OffHeapStateBackend(long budgetBytes) {
        this(budgetBytes, null);
    }

    /** @param spillDirectory where state beyond the budget is kept in mapped files, or null to fail at the budget */
    public OffHeapStateBackend(long budgetBytes, java.nio.file.Path spillDirectory) {
        this(budgetBytes, spillDirectory, true);
    }

    /**
     * @param spillDirectory where state beyond the budget is kept in mapped files, or null to fail at the budget
     * @param inlineValues   whether value-like states keep small entries in their tables' index
     *                       ({@code state.inline-values}, see {@link BytesTable})
     */
    public OffHeapStateBackend(long budgetBytes, java.nio.file.Path spillDirectory, boolean inlineValues) {
        this.budgetBytes = budgetBytes;
        this.spillDirectory = spillDirectory;
        this.inlineValues = inlineValues;
    }

    /** Whether value-like states keep small entries in their tables' index. */
    public boolean inlineValues() {
        return inlineValues;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyedStateBackend createKeyedStateBackend(KeyedBackendParameters parameters) {
        return new OffHeapKeyedStateBackend(parameters, null, budgetBytes, spillDirectory, inlineValues);
    }
}
