package io.sluice.api.serialization;

/** A type has no serializer, or bytes could not be read back. The message says which type and the fix. */
public class SerializationException extends RuntimeException {
    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
