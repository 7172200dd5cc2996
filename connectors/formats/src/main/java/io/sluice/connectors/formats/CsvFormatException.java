package io.sluice.connectors.formats;

/** A CSV line that cannot be read: the message says which column and why. */
public final class CsvFormatException extends Exception {

    public CsvFormatException(String message) {
        super(message);
    }

    public CsvFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
