package io.sluice.runtime.operators.async;

/** An async request failed for good (retries exhausted, or its timeout handler failed it): fatal for the job. */
public final class AsyncRequestFailedException extends RuntimeException {

    AsyncRequestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
