package io.sluice.connectors.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.SourceRecord;

import java.io.IOException;
import java.util.Objects;

/**
 * Reads a record's value, one JSON value, into a {@code T} (see {@link Json} for the defaults).
 * Serializable: it holds the class and its options only; each copy builds its Jackson reader when
 * it reads its first record. Immutable: the options return a new deserializer.
 *
 * <p>A record it cannot read throws a {@link JsonFormatException} whose message names the problem
 * and where it is, for the source's bad-record policy:
 * <ul>
 *   <li>{@code the record has no value (null); expected a JSON object for Trade}</li>
 *   <li>{@code invalid JSON at line 1, column 14: Unexpected character ('x'): expected ...}</li>
 *   <li>{@code field 'amount': cannot read "abc" as a BigDecimal}</li>
 *   <li>{@code unknown field 'amout' (known: account, amount, time); add it to the class or use ignoringUnknownProperties()}</li>
 * </ul>
 *
 * @param <T> the element type
 */
public final class JsonDeserializer<T> implements RecordDeserializer<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final boolean failOnUnknownProperties;
    /**
     * Built on first use. Volatile so that a copy shared by several threads sees a fully built reader;
     * the reader itself is immutable and thread-safe, so building it twice in a race is harmless.
     */
    private transient volatile ObjectReader reader;

    JsonDeserializer(Class<T> type, boolean failOnUnknownProperties) {
        this.type = Objects.requireNonNull(type, "type");
        this.failOnUnknownProperties = failOnUnknownProperties;
    }

    /** A deserializer like this one that skips JSON fields the class does not have, instead of failing. */
    public JsonDeserializer<T> ignoringUnknownProperties() {
        return new JsonDeserializer<>(type, false);
    }

    public Class<T> type() {
        return type;
    }

    /** True (the default) when a JSON field the class does not have makes the record bad. */
    public boolean failsOnUnknownProperties() {
        return failOnUnknownProperties;
    }

    @Override
    public T deserialize(SourceRecord record) throws JsonFormatException {
        byte[] value = record.value();
        if (value == null) {
            throw new JsonFormatException("the record has no value (null); expected a JSON object for "
                    + type.getSimpleName(), null);
        }
        return deserialize(value);
    }

    /** Reads one JSON value, UTF-8 (or UTF-16/32 with a BOM). */
    public T deserialize(byte[] value) throws JsonFormatException {
        ObjectReader r = reader();
        JsonParser parser = null;
        try {
            parser = r.createParser(value);
            if (parser.nextToken() == null) {
                throw new JsonFormatException(value.length == 0 ? "the value is empty (0 bytes); expected a JSON object"
                        + " for " + type.getSimpleName() : "the value holds no JSON, only whitespace (" + value.length
                        + " bytes); expected a JSON object for " + type.getSimpleName(), null);
            }
            T element = r.readValue(parser);
            if (element == null) {
                throw new JsonFormatException("the value is JSON null; expected a JSON object for "
                        + type.getSimpleName(), null);
            }
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new JsonFormatException("more than one JSON value: " + JsonErrors.describe(parser.currentToken(),
                        parser) + " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + " follows the first; a record holds one JSON value", null);
            }
            return element;
        } catch (IOException e) {
            throw new JsonFormatException(JsonErrors.message(e, parser), JsonErrors.causeToKeep(e));
        } finally {
            closeQuietly(parser);
        }
    }

    private ObjectReader reader() {
        ObjectReader r = reader;
        if (r == null) {
            r = Json.newMapper(failOnUnknownProperties).readerFor(type);
            reader = r;
        }
        return r;
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // a parser over a byte array has nothing to release
            }
        }
    }

    @Override
    public String toString() {
        return "Json.deserializer(" + type.getName() + ")" + (failOnUnknownProperties ? "" : ".ignoringUnknownProperties()");
    }
}
