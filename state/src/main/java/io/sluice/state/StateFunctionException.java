package io.sluice.state;

/** A checked exception thrown by a user function called from inside state (a reduce or aggregate function). */
public final class StateFunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateFunctionException(Throwable cause) {
        super(cause.toString(), cause);
    }
}
