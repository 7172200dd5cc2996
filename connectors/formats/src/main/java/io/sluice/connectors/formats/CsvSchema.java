package io.sluice.connectors.formats;

import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The columns of a CSV file, in order: a name and a {@link CsvType} each. Build one with
 * {@code CsvSchema.builder().column("account", CsvType.STRING).column("amount", CsvType.DECIMAL).build()},
 * or infer one from a sample with {@link Csv#inferSchema}.
 */
public final class CsvSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final List<CsvType> types;

    private CsvSchema(List<String> names, List<CsvType> types) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The columns of a Java record: its components in order, typed by them.
     *
     * @throws IllegalArgumentException if a component has a type no column holds
     */
    static CsvSchema ofRecord(Class<?> type) {
        Builder columns = builder();
        for (RecordComponent c : type.getRecordComponents()) {
            columns.column(c.getName(), typeOf(c.getType(), type, c.getName()));
        }
        return columns.build();
    }

    private static CsvType typeOf(Class<?> type, Class<?> record, String component) {
        if (type == String.class) {
            return CsvType.STRING;
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return CsvType.LONG;
        }
        if (type == BigDecimal.class || type == double.class || type == Double.class) {
            return CsvType.DECIMAL;
        }
        if (type == boolean.class || type == Boolean.class) {
            return CsvType.BOOLEAN;
        }
        if (type == LocalDate.class) {
            return CsvType.DATE;
        }
        if (type == Instant.class) {
            return CsvType.TIMESTAMP;
        }
        if (type == LocalDateTime.class) {
            return CsvType.LOCAL_TIMESTAMP;
        }
        if (type.isEnum()) {
            return CsvType.STRING;
        }
        throw new IllegalArgumentException("component '" + component + "' of " + record.getName() + " is a "
                + type.getName() + ", which a CSV column cannot hold; use String, int, long, double, BigDecimal,"
                + " boolean, LocalDate, Instant, LocalDateTime or an enum");
    }


    public List<String> names() {
        return names;
    }

    public List<CsvType> types() {
        return types;
    }

    public int size() {
        return names.size();
    }

    /** "account STRING, amount DECIMAL, time TIMESTAMP". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add(names.get(i) + " " + types.get(i));
        }
        return String.join(", ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvSchema s && s.names.equals(names) && s.types.equals(types);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, types);
    }

    @Override
    public String toString() {
        return "CsvSchema(" + describe() + ")";
    }

    /** Columns in order; names must be unique. */
    public static final class Builder {
        private final Map<String, CsvType> columns = new LinkedHashMap<>();

        public Builder column(String name, CsvType type) {
            Objects.requireNonNull(type, "type");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a CSV column needs a name");
            }
            if (columns.putIfAbsent(name, type) != null) {
                throw new IllegalArgumentException("CSV column '" + name + "' is declared twice");
            }
            return this;
        }

        public CsvSchema build() {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("a CSV schema needs at least one column");
            }
            return new CsvSchema(new ArrayList<>(columns.keySet()), new ArrayList<>(columns.values()));
        }
    }
}
