package io.sluice.examples.classic;

import java.util.List;

/** The sum of the amounts of a category's sales so far. */
record CategoryTotal(String category, long total) implements Tabular {

    static final List<String> COLUMNS = List.of("category", "sum(amount)");

    CategoryTotal plus(CategoryTotal other) {
        return new CategoryTotal(category, total + other.total);
    }

    @Override
    public List<Object> cells() {
        return List.of(category, total);
    }
}
