package io.sluice.runtime.server;

/** A request the runtime refuses: its HTTP status and a one-line message for the caller. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
