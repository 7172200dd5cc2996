package io.sluice.runtime.operators.async;

import java.util.Collection;

/**
 * The request of one input: a slot of the operator's pool, preallocated and reused for the
 * operator's whole life, so taking an input allocates only its {@link Attempt}. Task thread only.
 *
 * <pre>
 *   FREE ──issue──► INVOKED ──result──► DONE ──emitted──► FREE
 *                    │   ▲  └─error/result to retry──► RETRY_WAIT ──due──┘ (INVOKED again)
 *                    └───┴──deadline passed (also from RETRY_WAIT)──► TIMING_OUT ──result──► DONE
 * </pre>
 */
final class AsyncRequest<IN, OUT> {

    static final byte FREE = 0;
    static final byte INVOKED = 1;
    static final byte RETRY_WAIT = 2;
    static final byte TIMING_OUT = 3;
    static final byte DONE = 4;

    final int slot;
    byte state = FREE;
    IN input;
    long timestamp;
    /** The event-time segment of the input: which held watermark it must be emitted before. */
    long segment;
    int attempts;
    /** Task clock time when the request times out (covers all attempts); {@code Long.MAX_VALUE}: never. */
    long deadlineMs;
    long retryAtMs;
    /** The attempt whose outcome is awaited; null while waiting for a retry or when done. */
    Attempt<OUT> attempt;
    Collection<OUT> result;

    AsyncRequest(int slot) {
        this.slot = slot;
    }

    boolean isWaiting() {
        return state == INVOKED || state == RETRY_WAIT;
    }

    void clear() {
        state = FREE;
        input = null;
        attempt = null;
        result = null;
    }
}
