package io.sluice.state.heap;

/** A checked exception thrown by a user function called from inside state (a reduce function). */
public final class StateFunctionException extends RuntimeException {
    StateFunctionException(Throwable cause) {
        super(cause.toString(), cause);
    }
}
