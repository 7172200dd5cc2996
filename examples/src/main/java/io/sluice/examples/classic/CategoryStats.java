package io.sluice.examples.classic;

import java.util.List;

/** The sales of a category so far: how many, the sum and the largest of their values. */
record CategoryStats(String category, long count, long sum, long max) implements Tabular {

    static final List<String> COLUMNS = List.of("category", "count", "avg(value)", "max(value)");

    /** The stats of one sale. */
    static CategoryStats of(Sale sale) {
        return new CategoryStats(sale.category(), 1, sale.value(), sale.value());
    }

    /** The stats of both, of the same category. */
    CategoryStats plus(CategoryStats other) {
        return new CategoryStats(category, count + other.count, sum + other.sum, Math.max(max, other.max));
    }

    double average() {
        return (double) sum / count;
    }

    @Override
    public List<Object> cells() {
        return List.of(category, count, average(), max);
    }
}
