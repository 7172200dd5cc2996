package io.sluice.connectors.formats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * JSON records, read and written with Jackson: one JSON value per record.
 *
 * <p>Give {@link #deserializer(Class)} to any source that takes a {@code RecordDeserializer} and
 * {@link #serializer()} to any sink that takes a {@code RecordSerializer}. A record the deserializer
 * cannot read is a bad record: the source's {@code BadRecordPolicy} fails the job, skips it or sends
 * it to the dead letters, with the {@link JsonFormatException}'s message as the reason.
 *
 * <p>Both sides use the same defaults:
 * <ul>
 *   <li>a class with a no-arg constructor and fields or setters, or a Java record;</li>
 *   <li>a field the class does not have fails the record (unless
 *       {@link JsonDeserializer#ignoringUnknownProperties()}); a field missing from the JSON is null,
 *       except a record's primitive component, which fails the record (a class's primitive field
 *       keeps its initial value);</li>
 *   <li>numbers are exact: a JSON number goes into a {@code BigDecimal} digit for digit, scale
 *       kept ({@code 12.50} stays 12.50, and is written back so); a fraction read where the type is
 *       {@code Object} (a map's value) is a {@code BigDecimal}, not a double; a fraction never goes into an integer field ({@code 1.5} into a
 *       {@code long} fails rather than becoming 1), {@code null} never into a primitive field; a number
 *       written as a string ({@code "12.50"}) is read into a number field;</li>
 *   <li>{@code java.time} types are ISO-8601 strings ({@code "2024-03-01T12:00:00Z"},
 *       {@code "2024-03-01"}, {@code "PT1.5S"}); an offset is kept as written, not moved to UTC;</li>
 *   <li>a record holds exactly one JSON value: anything after it fails the record.</li>
 * </ul>
 */
public final class Json {

    /** Longest token Jackson quotes in a parse error (the "invalid JSON" messages). */
    static final int MAX_QUOTED_CHARS = 60;

    private Json() {
    }

    /**
     * Reads each record's value, a JSON object, into a {@code type}: a record, or a class with a
     * no-arg constructor (or a {@code @JsonCreator}) and fields or setters. A record that cannot be
     * read throws a {@link JsonFormatException} naming the field and the problem, and is handled by
     * the source's bad-record policy.
     *
     * @throws IllegalArgumentException if Jackson could never create a {@code type} (a non-static
     *                                  inner class, a local class, a class without a no-arg constructor)
     */
    public static <T> JsonDeserializer<T> deserializer(Class<T> type) {
        Objects.requireNonNull(type, "type");
        checkCreatable(type);
        return new JsonDeserializer<>(type, true);
    }

    /** Writes each element as compact JSON (UTF-8, no line break), java.time values as ISO-8601 strings. */
    public static <T> JsonSerializer<T> serializer() {
        return new JsonSerializer<>();
    }

    /** The mapper behind both sides; one per deserializer or serializer copy. */
    static JsonMapper newMapper(boolean failOnUnknownProperties) {
        JsonFactory factory = JsonFactory.builder()
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(MAX_QUOTED_CHARS)
                        .maxRawContentLength(0)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknownProperties)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .build();
    }

    /**
     * Fails at job-building time, rather than with every record, for the classes Jackson can never
     * instantiate. Interfaces, abstract classes and JDK types are left to Jackson (JsonNode, Map).
     */
    private static void checkCreatable(Class<?> type) {
        String name = type.getName();
        if (type.isAnonymousClass() || type.isLocalClass()) {
            throw new IllegalArgumentException("cannot read JSON into " + name + ": it is a local or anonymous class;"
                    + " make it a top-level class, a static nested class or a record");
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            throw new IllegalArgumentException("cannot read JSON into " + name + ": it is an inner (non-static)"
                    + " class; declare it static, or make it a record");
        }
        if (type.isRecord() || type.isEnum() || type.isInterface() || type.isPrimitive() || type.isArray()
                || Modifier.isAbstract(type.getModifiers()) || name.startsWith("java.")
                || name.startsWith("com.fasterxml.jackson.")) {
            return;
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 0 || constructor.isAnnotationPresent(JsonCreator.class)) {
                return;
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(JsonCreator.class)) {
                return;
            }
        }
        throw new IllegalArgumentException("cannot read JSON into " + name + ": it has no no-arg constructor;"
                + " add one, make the class a record, or annotate a constructor with @JsonCreator");
    }
}
