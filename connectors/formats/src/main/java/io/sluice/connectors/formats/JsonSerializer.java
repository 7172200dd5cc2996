package io.sluice.connectors.formats;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.sluice.api.connector.format.RecordSerializer;

/**
 * Writes an element as compact JSON in UTF-8 (see {@link Json} for the defaults). Serializable: it
 * holds no Jackson object, each copy builds its writer when it first writes.
 *
 * @param <T> the element type
 */
public final class JsonSerializer<T> implements RecordSerializer<T> {

    private static final long serialVersionUID = 1L;

    /**
     * Built on first use. Volatile so that a copy shared by several threads sees a fully built writer;
     * the writer itself is immutable and thread-safe, so building it twice in a race is harmless.
     */
    private transient volatile ObjectWriter writer;

    JsonSerializer() {
    }

    @Override
    public byte[] serialize(T element) throws Exception {
        ObjectWriter w = writer;
        if (w == null) {
            w = Json.newMapper(true).writer();
            writer = w;
        }
        return w.writeValueAsBytes(element);
    }

    @Override
    public String toString() {
        return "Json.serializer()";
    }
}
