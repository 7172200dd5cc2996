package io.sluice.examples.classic;

import io.sluice.connectors.formats.CsvSchema;

import java.util.Locale;

/**
 * A CSV schema printed as Spark's {@code printSchema()} prints one: {@code root}, then a line
 * {@code  |-- name: type (nullable = true)} per column.
 */
final class SchemaTree {

    private SchemaTree() {
    }

    /** The tree, without a line break at the end; every column is nullable, since an empty field is null. */
    static String of(CsvSchema schema) {
        StringBuilder tree = new StringBuilder("root");
        for (int i = 0; i < schema.size(); i++) {
            tree.append("\n |-- ").append(schema.names().get(i)).append(": ")
                    .append(schema.types().get(i).name().toLowerCase(Locale.ROOT)).append(" (nullable = true)");
        }
        return tree.toString();
    }
}
