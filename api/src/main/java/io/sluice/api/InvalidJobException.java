package io.sluice.api;

/** A mistake in how a job is put together, found while building it. The message names the operator and the fix. */
public class InvalidJobException extends RuntimeException {
    public InvalidJobException(String message) {
        super(message);
    }
}
