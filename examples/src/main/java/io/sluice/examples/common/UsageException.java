package io.sluice.examples.common;

/** A bad command line: the message says what was wrong and how the command is used. */
public final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
