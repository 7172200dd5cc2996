package io.sluice.connectors.formats;

import io.sluice.api.connector.format.DelimitedTextSerializer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes an element as one CSV record in UTF-8, without a line break (RFC 4180): a Java record's
 * components in order, or a {@link CsvRow}'s values by column, as {@link CsvDeserializer} reads them
 * back. A field is quoted when it holds the separator, a quote, CR or LF, and a quote inside it is
 * doubled. A null is an empty field, the empty string a quoted one ({@code ""}), so each reads back as
 * it was. Numbers, dates and times are written as their Java {@code toString} (ISO-8601 for
 * {@code java.time}, {@code BigDecimal} with all its digits), enums by name.
 *
 * <p>With {@link #withHeader()}, {@link #headerLine()} is the column names: a file sink writes it at
 * the start of every part file. Immutable and serializable; {@code withHeader()} and
 * {@code withSeparator} return new instances.
 *
 * @param <T> a record class, or {@link CsvRow}
 */
public final class CsvSerializer<T> implements DelimitedTextSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The record class, or null for rows. */
    private final Class<T> recordType;
    private final CsvSchema schema;
    private final boolean header;
    private final char separator;
    /**
     * The record's accessors, found on first use. Volatile so that a copy shared by several threads
     * sees a filled array; finding them twice in a race is harmless.
     */
    private transient volatile Method[] accessors;

    private CsvSerializer(Class<T> recordType, CsvSchema schema, boolean header, char separator) {
        this.recordType = recordType;
        this.schema = schema;
        this.header = header;
        this.separator = separator;
    }

    static <R> CsvSerializer<R> forRecord(Class<R> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record: CSV lines are written from a record"
                    + " (columns in the order of its components), or from rows with Csv.serializer(schema)");
        }
        return new CsvSerializer<>(type, CsvSchema.ofRecord(type), false, ',');
    }

    static CsvSerializer<CsvRow> forRows(CsvSchema schema) {
        return new CsvSerializer<>(null, Objects.requireNonNull(schema, "schema"), false, ',');
    }

    /** {@link #headerLine()} is the column names, for a sink to write at the start of every file. */
    public CsvSerializer<T> withHeader() {
        return new CsvSerializer<>(recordType, schema, true, separator);
    }

    /** Fields separated by {@code separator} instead of ','. */
    public CsvSerializer<T> withSeparator(char newSeparator) {
        if (newSeparator == '"' || newSeparator == '\n' || newSeparator == '\r') {
            throw new IllegalArgumentException("a CSV separator cannot be a quote or a line break");
        }
        return new CsvSerializer<>(recordType, schema, header, newSeparator);
    }

    public CsvSchema schema() {
        return schema;
    }

    /** The column names as a CSV line, UTF-8, if {@link #withHeader()}; else null. */
    @Override
    public byte[] headerLine() {
        if (!header) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < schema.size(); i++) {
            appendField(line.append(i == 0 ? "" : separator), schema.names().get(i));
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException for a value that no CSV column can read back (a NaN or
     *                                  infinite double), a row of another shape, or, with a header, a
     *                                  record whose fields are the column names (a reader would skip it
     *                                  as a header)
     */
    @Override
    public byte[] serialize(T element) throws Exception {
        Objects.requireNonNull(element, "a CSV serializer cannot write a null element");
        String[] fields = new String[schema.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = text(i, valueOf(element, i));
        }
        if (header && looksLikeHeader(fields)) {
            throw new IllegalArgumentException("cannot write " + element + " as CSV with a header: its fields are the"
                    + " column names, so a reader of the header would skip it");
        }
        StringBuilder line = new StringBuilder(16 * fields.length);
        for (int i = 0; i < fields.length; i++) {
            appendField(line.append(i == 0 ? "" : separator), fields[i]);
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Object valueOf(T element, int column) throws ReflectiveOperationException {
        if (recordType == null) {
            CsvRow row = (CsvRow) element;
            if (row.schema().size() != schema.size()) {
                throw new IllegalArgumentException("a row of " + row.schema().size() + " columns given to a CSV"
                        + " serializer of " + schema.size() + " (" + schema.describe() + ")");
            }
            Object value = row.get(column);
            Class<?> type = schema.types().get(column).javaType();
            if (value != null && !type.isInstance(value)) {
                throw new IllegalArgumentException(where(column) + "a " + value.getClass().getSimpleName()
                        + " in a " + schema.types().get(column) + " column; give a " + type.getSimpleName());
            }
            return value;
        }
        try {
            return accessors()[column].invoke(element);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(where(column) + "the accessor of " + recordType.getSimpleName()
                    + " failed: " + e.getCause(), e.getCause());
        }
    }

    private Method[] accessors() {
        Method[] a = accessors;
        if (a == null) {
            RecordComponent[] components = recordType.getRecordComponents();
            a = new Method[components.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = components[i].getAccessor();
                a[i].setAccessible(true); // a public record nested in a class that is not
            }
            accessors = a;
        }
        return a;
    }

    /** The text of a value; null for null. */
    private String text(int column, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException(where(column) + "cannot write " + d + ": a CSV DECIMAL column reads"
                    + " finite numbers only; write null instead, or use a String column");
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toString(); // exact: 12.50 stays 12.50, 1E+3 reads back with its scale
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }

    /** Whether a reader with a header would take these fields for the header line. */
    private boolean looksLikeHeader(String[] fields) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == null || !fields[i].trim().equalsIgnoreCase(schema.names().get(i))) {
                return false;
            }
        }
        return true;
    }

    private void appendField(StringBuilder line, String field) {
        if (field == null) {
            return; // null: an empty field without quotes
        }
        if (!needsQuotes(field)) {
            line.append(field);
            return;
        }
        line.append('"');
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            line.append(c);
            if (c == '"') {
                line.append('"');
            }
        }
        line.append('"');
    }

    private boolean needsQuotes(String field) {
        if (field.isEmpty()) {
            return true; // "" tells the empty string from null
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == separator || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private String where(int column) {
        return "column " + (column + 1) + " '" + schema.names().get(column) + "': ";
    }

    @Override
    public String toString() {
        return "CsvSerializer(" + (recordType == null ? "rows" : recordType.getSimpleName()) + ": "
                + schema.describe().toLowerCase(Locale.ROOT) + (header ? ", with header" : "") + ")";
    }
}
