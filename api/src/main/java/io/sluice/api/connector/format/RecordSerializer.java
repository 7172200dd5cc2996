package io.sluice.api.connector.format;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Turns an element into the bytes a sink writes to an external system. Serializable: it is copied
 * into every subtask of the sink, and called on that subtask's worker thread.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface RecordSerializer<T> extends Serializable {

    byte[] serialize(T element) throws Exception;

    /** Text as UTF-8. */
    static RecordSerializer<String> utf8() {
        return element -> element.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes as they are. */
    static RecordSerializer<byte[]> bytes() {
        return element -> element;
    }
}
