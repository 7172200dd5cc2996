package io.sluice.connectors.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns Jackson's exceptions into one-line messages about the record: what is wrong and where, with
 * short quotes of the value only. Internal to the formats module.
 */
final class JsonErrors {

    /** Longest quoted piece of a record in a message. */
    static final int MAX_QUOTE_CHARS = 40;
    /** Longest message part taken from Jackson's own text. */
    private static final int MAX_DETAIL_CHARS = 200;
    /** At most this many known field names are listed for an unknown field. */
    private static final int MAX_KNOWN_FIELDS = 20;

    private static final Pattern CHAR_CODE = Pattern.compile(" \\(code -?\\d+\\)");
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private JsonErrors() {
    }

    static String message(IOException e, JsonParser parser) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + path(u) + "' (known: " + known(u.getKnownPropertyIds())
                    + "); add it to the class or use ignoringUnknownProperties()";
        }
        if (e instanceof InvalidFormatException f) {
            return at(path(f)) + "cannot read " + quote(f.getValue()) + " as " + typeName(f.getTargetType())
                    + enumValues(f.getTargetType());
        }
        if (e instanceof InvalidDefinitionException d) {
            return "cannot read JSON into " + (d.getType() == null ? "the class" : d.getType().getRawClass().getName())
                    + ": " + detail(d.getOriginalMessage()) + " (a problem of the class, not of the record)";
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = rootCause(v);
            String reason = cause == v ? detail(v.getOriginalMessage())
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + detail(cause.getMessage()));
            return at(path(v)) + "cannot create " + (v.getType() == null ? "the value"
                    : article(v.getType().getRawClass().getSimpleName())) + ": " + reason;
        }
        JsonToken token = parser == null ? null : parser.currentToken();
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && token != null) {
            Class<?> target = m.getTargetType();
            if (target.isPrimitive() && token == JsonToken.VALUE_NULL) {
                return at(path(m)) + "null for a primitive " + target.getName() + "; declare it as " + boxed(target)
                        + " to allow null";
            }
            if (target.isPrimitive() && token == JsonToken.END_OBJECT) {
                // a record's primitive component the JSON object did not have
                return at(path(m)) + "missing, and a primitive " + target.getName() + " cannot be left out; add it"
                        + " to the JSON or declare it as " + boxed(target) + " to allow a missing value";
            }
            return at(path(m)) + "cannot read " + describe(token, parser) + " as " + typeName(target) + enumValues(target);
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof InputCoercionException c
                && c.getTargetType() != null) {
            return at(path(m)) + "cannot read " + describe(token, parser) + " as " + typeName(c.getTargetType())
                    + ": out of range";
        }
        if (e instanceof JsonMappingException m && m.getCause() != null && !(m.getCause() instanceof IOException)) {
            Throwable cause = rootCause(m);
            return at(path(m)) + "refused by the class: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + detail(cause.getMessage()));
        }
        if (e instanceof JsonMappingException m) {
            return at(path(m)) + detail(m.getOriginalMessage());
        }
        if (e instanceof StreamReadException r) {
            JsonLocation at = r.getLocation();
            return "invalid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + detail(r.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException p) {
            return detail(p.getOriginalMessage());
        }
        return detail(e.toString());
    }

    /**
     * The cause a {@link JsonFormatException} keeps: the user's exception from a constructor or
     * setter, or Jackson's for a problem of the class; none for a problem of the record, since
     * Jackson's messages quote up to hundreds of characters of it.
     */
    static Throwable causeToKeep(IOException e) {
        if (e instanceof InvalidDefinitionException) {
            return e;
        }
        if (e instanceof ValueInstantiationException || (e instanceof JsonMappingException && e.getCause() != null
                && !(e.getCause() instanceof IOException))) {
            Throwable root = rootCause(e);
            return root == e ? null : root;
        }
        return null;
    }

    /** A token as a message shows it: a string or number quoted (cut), an object or array by kind. */
    static String describe(JsonToken token, JsonParser parser) {
        if (token == null) {
            return "the end of the value";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                try {
                    String text = parser.getText();
                    return token == JsonToken.VALUE_STRING ? quote(text) : cut(text);
                } catch (IOException e) {
                    return token == JsonToken.VALUE_STRING ? "a string" : "a number";
                }
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : "field '" + path + "': ";
    }

    /** The exception's reference path: "payer.name", "items[2].price"; empty at the top level. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "none";
        }
        String list = ids.stream().map(String::valueOf).sorted().limit(MAX_KNOWN_FIELDS).collect(Collectors.joining(", "));
        return ids.size() > MAX_KNOWN_FIELDS ? list + " and " + (ids.size() - MAX_KNOWN_FIELDS) + " more" : list;
    }

    private static String enumValues(Class<?> type) {
        if (type == null || !type.isEnum()) {
            return "";
        }
        return " (one of " + Arrays.stream(type.getEnumConstants()).limit(MAX_KNOWN_FIELDS)
                .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "))
                + (type.getEnumConstants().length > MAX_KNOWN_FIELDS ? ", ..." : "") + ")";
    }

    /** "a BigDecimal", "an Instant", "a long". */
    static String typeName(Class<?> type) {
        return article(type.isArray() ? type.getComponentType().getSimpleName() + " array" : type.getSimpleName());
    }

    private static String article(String name) {
        char first = name.isEmpty() ? 'x' : name.charAt(0);
        return ("AEIOaeiou".indexOf(first) >= 0 ? "an " : "a ") + name;
    }

    private static String boxed(Class<?> primitive) {
        if (primitive == int.class) {
            return "Integer";
        }
        if (primitive == char.class) {
            return "Character";
        }
        String name = primitive.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    static String quote(Object value) {
        if (value instanceof String s) {
            String escaped = s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
            if (escaped.length() > MAX_QUOTE_CHARS) {
                return "\"" + escaped.substring(0, MAX_QUOTE_CHARS) + "...\" (" + s.length() + " chars)";
            }
            return "\"" + escaped + "\"";
        }
        return cut(String.valueOf(value));
    }

    private static String cut(String text) {
        return text.length() > MAX_QUOTE_CHARS ? text.substring(0, MAX_QUOTE_CHARS) + "... (" + text.length()
                + " chars)" : text;
    }

    /** Jackson's own text, with source locations shortened and cut to a bounded length. */
    private static String detail(String message) {
        if (message == null) {
            return "no detail";
        }
        String m = CHAR_CODE.matcher(message).replaceAll("");
        m = SOURCE_LOCATION.matcher(m).replaceAll("line $1, column $2");
        m = m.replace('\n', ' ');
        return m.length() > MAX_DETAIL_CHARS ? m.substring(0, MAX_DETAIL_CHARS) + "..." : m;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
