package io.sluice.examples.classic;

import java.util.List;

/** Two columns of a sale: {@code select("category", "value")}. */
record CategoryValue(String category, long value) implements Tabular {

    static final List<String> COLUMNS = List.of("category", "value");

    @Override
    public List<Object> cells() {
        return List.of(category, value);
    }
}
