package io.sluice.api.connector;

/** What {@link SourceReader#pollNext} found. */
public enum InputStatus {
    /** Emitted an element and more are ready: call again soon. */
    MORE_AVAILABLE,
    /** Nothing now; the runtime calls again later (the reader must not block waiting). */
    NOTHING_AVAILABLE,
    /** Every split of this reader is finished; bounded sources only. */
    END_OF_INPUT
}
