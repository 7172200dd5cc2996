package io.sluice.examples.classic;

import io.sluice.connectors.formats.CsvRow;

import java.util.List;

/** One line of {@code data.csv}: a sale of a category, its status and its value. */
record Sale(String category, String status, long value) implements Tabular {

    static final List<String> COLUMNS = List.of("category", "status", "value");

    /**
     * The sale of a CSV row with the columns category, status and value (a whole number).
     *
     * @throws IllegalArgumentException if a field is empty
     */
    static Sale of(CsvRow row) {
        String category = row.getString("category");
        String status = row.getString("status");
        Long value = row.getLong("value");
        if (category == null || status == null || value == null) {
            throw new IllegalArgumentException("every field of the CSV input must have a value; " + row
                    + " has an empty one");
        }
        return new Sale(category, status, value);
    }

    @Override
    public List<Object> cells() {
        return List.of(category, status, value);
    }
}
