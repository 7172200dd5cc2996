package io.sluice.runtime.cli;

/** A mistake on the command line or in what it names; shown to the user without a stack trace. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
