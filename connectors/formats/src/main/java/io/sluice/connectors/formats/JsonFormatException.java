package io.sluice.connectors.formats;

/**
 * A record's value is not the JSON a {@link JsonDeserializer} expects. The message says what is
 * wrong and where ("field 'amount': cannot read \"abc\" as a BigDecimal"), quoting at most a short
 * piece of the value, never the whole record. Its cause is the exception of the class's own
 * constructor or setter when that refused the value, Jackson's when the class cannot be read into
 * at all, and none otherwise (Jackson's messages quote long pieces of the record).
 */
public final class JsonFormatException extends Exception {

    public JsonFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
