package io.sluice.api.connector.format;

/**
 * A source met a record it cannot read under {@link BadRecordPolicy#FAIL}: the job fails with this
 * message, which names the source, the record's origin and position, the reason and the way out.
 */
public final class BadRecordException extends Exception {

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
