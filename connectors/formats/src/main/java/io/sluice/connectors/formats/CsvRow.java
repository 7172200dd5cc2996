package io.sluice.connectors.formats;

import java.util.Arrays;
import java.util.Objects;

/**
 * One CSV line read with a {@link CsvSchema}: its values by column, typed as the schema says
 * ({@code Long}, {@code BigDecimal}, {@code Instant}, ...; null for an empty field). Immutable.
 */
public final class CsvRow {

    private final CsvSchema schema;
    private final Object[] values;

    CsvRow(CsvSchema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    /**
     * A row of {@code schema} with {@code values} by column, each of its column's type
     * ({@link CsvType#javaType()}: {@code Long} for LONG, {@code BigDecimal} for DECIMAL, ...) or null.
     *
     * @throws IllegalArgumentException if the number of values or the type of one does not fit
     */
    public static CsvRow of(CsvSchema schema, Object... values) {
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("a row of " + schema.size() + " CSV columns (" + String.join(", ",
                    schema.names()) + ") cannot hold " + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            Class<?> type = schema.types().get(i).javaType();
            if (values[i] != null && !type.isInstance(values[i])) {
                throw new IllegalArgumentException("CSV column '" + schema.names().get(i) + "' is "
                        + schema.types().get(i) + ": give a " + type.getSimpleName() + " or null, got " + values[i]
                        + " (" + values[i].getClass().getSimpleName() + ")");
            }
        }
        return new CsvRow(schema, values.clone());
    }

    public CsvSchema schema() {
        return schema;
    }

    /** The value of column {@code name}. */
    public Object get(String name) {
        int i = schema.names().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no CSV column '" + name + "'; the columns are " + schema.names());
        }
        return values[i];
    }

    public Object get(int column) {
        return values[column];
    }

    public String getString(String name) {
        Object v = get(name);
        return v == null ? null : v.toString();
    }

    public Long getLong(String name) {
        return (Long) typed(name, CsvType.LONG);
    }

    public java.math.BigDecimal getDecimal(String name) {
        return (java.math.BigDecimal) typed(name, CsvType.DECIMAL);
    }

    private Object typed(String name, CsvType type) {
        int i = schema.names().indexOf(name);
        if (i >= 0 && schema.types().get(i) != type) {
            throw new IllegalStateException("CSV column '" + name + "' is " + schema.types().get(i) + ", not " + type);
        }
        return get(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvRow r && r.schema.equals(schema) && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("CsvRow(");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(schema.names().get(i)).append('=').append(values[i]);
        }
        return b.append(')').toString();
    }
}
