package io.sluice.connectors.formats;

import java.io.Serializable;
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
