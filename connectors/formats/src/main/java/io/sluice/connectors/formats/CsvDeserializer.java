package io.sluice.connectors.formats;

import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.SourceRecord;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a CSV line into a Java record (columns in the order of its components) or a {@link CsvRow}
 * of a {@link CsvSchema}. A line that cannot be read throws a {@link CsvFormatException} naming
 * the column and the problem; the source's bad-record policy handles it. An empty field is null,
 * except a quoted one ({@code ""}) in a String column, which is the empty string. With a header, a
 * line that is the header itself (the column names, any case) is not a record and is skipped.
 * Immutable and serializable: {@code withHeader()} and {@code withSeparator} return new instances.
 *
 * @param <T> a record class, or {@link CsvRow}
 */
public final class CsvDeserializer<T> implements RecordDeserializer<T> {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED_CHARS = 40;

    /** The record class, or null for rows. */
    private final Class<T> recordType;
    private final CsvSchema schema;
    private final boolean header;
    private final char separator;
    private transient Constructor<T> constructor;

    private CsvDeserializer(Class<T> recordType, CsvSchema schema, boolean header, char separator) {
        this.recordType = recordType;
        this.schema = schema;
        this.header = header;
        this.separator = separator;
    }

    static <R> CsvDeserializer<R> forRecord(Class<R> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record: CSV lines are read into a record"
                    + " (columns in the order of its components), or into rows with Csv.rows(schema)");
        }
        return new CsvDeserializer<>(type, CsvSchema.ofRecord(type), false, ',');
    }

    static CsvDeserializer<CsvRow> forRows(CsvSchema schema) {
        return new CsvDeserializer<>(null, Objects.requireNonNull(schema, "schema"), false, ',');
    }

    /** Lines equal to the header (the column names, any case) are skipped, wherever they come. */
    public CsvDeserializer<T> withHeader() {
        return new CsvDeserializer<>(recordType, schema, true, separator);
    }

    /** Fields separated by {@code separator} instead of ','. */
    public CsvDeserializer<T> withSeparator(char newSeparator) {
        if (newSeparator == '"' || newSeparator == '\n' || newSeparator == '\r') {
            throw new IllegalArgumentException("a CSV separator cannot be a quote or a line break");
        }
        return new CsvDeserializer<>(recordType, schema, header, newSeparator);
    }

    public CsvSchema schema() {
        return schema;
    }

    @Override
    public T deserialize(SourceRecord record) throws Exception {
        byte[] bytes = record.value();
        if (bytes == null) {
            throw new CsvFormatException("the record has no value (null); expected a CSV line of " + schema.size()
                    + " columns");
        }
        String line = new String(bytes, StandardCharsets.UTF_8);
        List<String> fields = CsvLine.split(line, separator);
        if (header && isHeader(fields)) {
            throw new NotARecord("the CSV header");
        }
        if (fields.size() != schema.size()) {
            throw new CsvFormatException("expected " + schema.size() + " columns (" + String.join(", ", schema.names())
                    + "), found " + fields.size());
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(i, fields.get(i));
        }
        return recordType == null ? recordType().cast(new CsvRow(schema, values)) : construct(values);
    }

    @SuppressWarnings("unchecked")
    private Class<T> recordType() {
        return (Class<T>) (Class<?>) CsvRow.class;
    }

    private boolean isHeader(List<String> fields) {
        if (fields.size() != schema.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            if (field == null || !field.trim().equalsIgnoreCase(schema.names().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value of a field: {@code text} is null for an empty field without quotes. */
    private Object value(int column, String text) throws CsvFormatException {
        CsvType type = schema.types().get(column);
        Class<?> target = recordType == null ? type.javaType()
                : recordType.getRecordComponents()[column].getType();
        if (text != null && text.isEmpty() && target == String.class) {
            return text; // quoted: "" is the empty string, an empty field null
        }
        if (text == null || text.isEmpty()) {
            if (target.isPrimitive()) {
                throw new CsvFormatException(where(column) + "empty, and a primitive " + target.getName()
                        + " cannot be null; give a value or declare it as " + wrapperName(target));
            }
            return null;
        }
        try {
            if (target.isEnum()) {
                return enumValue(target, text.trim());
            }
            Object v = type.parse(text);
            if (target == int.class || target == Integer.class) {
                return Math.toIntExact((Long) v);
            }
            if (target == double.class || target == Double.class) {
                double d = ((BigDecimal) v).doubleValue();
                return d == 0 && text.trim().startsWith("-") ? -0.0 : d; // a BigDecimal has no negative zero
            }
            return v;
        } catch (CsvFormatException e) {
            throw e;
        } catch (Exception e) {
            throw new CsvFormatException(where(column) + "cannot read " + quoted(text) + " as "
                    + article(target.getSimpleName()) + (e instanceof ArithmeticException ? ": out of range" : ""));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String text) throws CsvFormatException {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum) constant).name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            names.add(((Enum) constant).name());
        }
        throw new CsvFormatException("cannot read " + quoted(text) + " as a " + type.getSimpleName() + " (one of "
                + String.join(", ", names) + ")");
    }

    private T construct(Object[] values) throws CsvFormatException {
        try {
            return constructor().newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new CsvFormatException("refused by " + recordType.getSimpleName() + ": " + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + recordType.getName() + ": " + e.getMessage(), e);
        }
    }

    private Constructor<T> constructor() throws NoSuchMethodException {
        Constructor<T> c = constructor;
        if (c == null) {
            RecordComponent[] components = recordType.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            c = recordType.getDeclaredConstructor(types);
            c.setAccessible(true);
            constructor = c;
        }
        return c;
    }

    private String where(int column) {
        return "column " + (column + 1) + " '" + schema.names().get(column) + "': ";
    }

    private static String wrapperName(Class<?> primitive) {
        return primitive == int.class ? "Integer" : primitive == long.class ? "Long"
                : primitive == double.class ? "Double" : primitive == boolean.class ? "Boolean" : primitive.getName();
    }

    private static String article(String name) {
        return ("AEIOUaeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    static String quoted(String text) {
        if (text.length() <= MAX_QUOTED_CHARS) {
            return "\"" + text + "\"";
        }
        return "\"" + text.substring(0, MAX_QUOTED_CHARS) + "...\" (" + text.length() + " chars)";
    }

    @Override
    public String toString() {
        return "CsvDeserializer(" + (recordType == null ? "rows" : recordType.getSimpleName()) + ": "
                + schema.describe().toLowerCase(Locale.ROOT) + ")";
    }
}
