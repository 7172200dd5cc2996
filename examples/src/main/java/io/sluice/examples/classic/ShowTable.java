package io.sluice.examples.classic;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessAllWindowFunction;
import io.sluice.api.windowing.GlobalWindow;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns every element of a global window (the whole bounded input) into a {@link Table}, in their
 * arrival order or sorted, and emits the first rows of it as a {@link Section} ({@code show(n)}).
 */
final class ShowTable<T extends Tabular> extends ProcessAllWindowFunction<T, Section, GlobalWindow> {

    private static final long serialVersionUID = 1L;

    private final int order;
    private final String title;
    private final List<String> columns;
    private final int numRows;
    /** Null to keep the arrival order. */
    private final RowOrder<T> rowOrder;

    ShowTable(int order, String title, List<String> columns, int numRows, RowOrder<T> rowOrder) {
        this.order = order;
        this.title = title;
        this.columns = List.copyOf(columns);
        this.numRows = numRows;
        this.rowOrder = rowOrder;
    }

    @Override
    public void process(Context context, Iterable<T> elements, Collector<Section> out) {
        List<T> rows = new ArrayList<>();
        elements.forEach(rows::add);
        if (rowOrder != null) {
            rows.sort(rowOrder);
        }
        Table table = new Table(columns);
        for (T row : rows) {
            table.row(row.cells());
        }
        out.collect(Section.of(order, title, table.show(numRows)));
    }
}
