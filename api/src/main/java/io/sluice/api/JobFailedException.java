package io.sluice.api;

/** A job ended with an error; the message names the operator and subtask where it happened. */
public class JobFailedException extends RuntimeException {
    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
