package io.sluice.examples.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table printed as Spark's {@code Dataset.show()} prints one: a {@code +---+} border, the column
 * names, the rows, each cell right-aligned in a column at least three characters wide, cells longer
 * than 20 characters cut to 17 and {@code ...}, null as {@code null}, and {@code only showing top N
 * rows} under a table that has more rows than are shown. Not thread-safe.
 */
public final class Table {

    /** Spark's default {@code truncate}: longer cells are cut. */
    static final int MAX_CELL_CHARS = 20;
    private static final int MIN_COLUMN_WIDTH = 3;

    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column names and no row yet. */
    public Table(List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = List.copyOf(columns);
    }

    public Table(String... columns) {
        this(List.of(columns));
    }

    /**
     * Adds a row of one value per column, shown with {@code toString()}.
     *
     * @throws IllegalArgumentException if the number of values is not the number of columns
     */
    public Table row(List<?> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("a row of the table " + columns + " needs " + columns.size()
                    + " values, got " + values.size() + ": " + values);
        }
        List<String> cells = new ArrayList<>(values.size());
        for (Object value : values) {
            cells.add(cell(value));
        }
        rows.add(cells);
        return this;
    }

    public Table row(Object... values) {
        return row(java.util.Arrays.asList(values));
    }

    public int size() {
        return rows.size();
    }

    /** The first 20 rows, as {@code show()}. */
    public String show() {
        return show(20);
    }

    /** The first {@code numRows} rows, as {@code show(numRows)}, without a line break at the end. */
    public String show(int numRows) {
        if (numRows < 0) {
            throw new IllegalArgumentException("show a number of rows of at least 0, got " + numRows);
        }
        List<List<String>> shown = rows.subList(0, Math.min(numRows, rows.size()));
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(MIN_COLUMN_WIDTH, columns.get(i).length());
            for (List<String> row : shown) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder border = new StringBuilder("+");
        for (int width : widths) {
            border.append("-".repeat(width)).append('+');
        }
        StringBuilder out = new StringBuilder();
        out.append(border).append('\n');
        appendLine(out, columns, widths);
        out.append(border).append('\n');
        for (List<String> row : shown) {
            appendLine(out, row, widths);
        }
        out.append(border);
        if (rows.size() > numRows) {
            out.append("\nonly showing top ").append(numRows).append(numRows == 1 ? " row" : " rows");
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            out.append(" ".repeat(widths[i] - cell.length())).append(cell).append('|');
        }
        out.append('\n');
    }

    private static String cell(Object value) {
        String text = Objects.toString(value);
        return text.length() > MAX_CELL_CHARS ? text.substring(0, MAX_CELL_CHARS - 3) + "..." : text;
    }
}
