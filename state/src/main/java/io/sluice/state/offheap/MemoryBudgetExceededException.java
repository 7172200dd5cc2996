package io.sluice.state.offheap;

/** Off-heap state would grow past its budget; the message names the owner, the bytes and the setting to raise. */
public final class MemoryBudgetExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MemoryBudgetExceededException(String message) {
        super(message);
    }
}
