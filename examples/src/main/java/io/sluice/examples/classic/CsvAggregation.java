package io.sluice.examples.classic;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.DataStream;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.GlobalWindows;
import io.sluice.connectors.console.ConsoleSink;
import io.sluice.connectors.files.source.FileSource;
import io.sluice.connectors.formats.Csv;
import io.sluice.connectors.formats.CsvRow;
import io.sluice.connectors.formats.CsvSchema;
import io.sluice.connectors.formats.CsvType;
import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CSV steps of a Spark tutorial as one bounded Sluice job over {@code data.csv} (columns
 * category, status, value): the schema ({@code printSchema()}), the first five rows
 * ({@code show(5)}), the rows with a value above 10 with two of their columns and their count
 * ({@code filter}, {@code select}, {@code count()}), count, average and maximum per category
 * ({@code groupBy().agg()}), and the active sales' values renamed to amount and summed per
 * category, largest first ({@code withColumnRenamed}, {@code sum}, {@code orderBy(desc)}). Each
 * result is printed as {@code show()} prints a table.
 *
 * <pre>
 * CsvAggregation [--input PATH] [--schema declared|inferred]
 * </pre>
 *
 * The aggregates are kept by the job's operators, in keyed and window state: each branch ends in a
 * global window, which fires when the input ends, and a last global window prints the results in
 * order. The CSV file is read with the schema declared below, or with one inferred from the file.
 */
public final class CsvAggregation implements Job {

    static final String USAGE = "usage: CsvAggregation [--input PATH] [--schema declared|inferred]"
            + "\n  --input PATH       a CSV file with a header and the columns category, status, value"
            + " (default " + CsvAggregation.DEFAULT_INPUT + ", from the project's directory)"
            + "\n  --schema declared  read it with the declared schema (category STRING, status STRING, value LONG)"
            + "\n  --schema inferred  read it with the schema inferred from its first 1000 lines";

    static final String DEFAULT_INPUT = "examples/data/data.csv";

    /** The schema of data.csv, declared. */
    static final CsvSchema DECLARED_SCHEMA = CsvSchema.builder()
            .column("category", CsvType.STRING)
            .column("status", CsvType.STRING)
            .column("value", CsvType.LONG)
            .build();

    /** Lines of the file the inferred schema is read from. */
    static final int INFERENCE_SAMPLE_LINES = 1000;

    static final String SCHEMA_TITLE = "printSchema()";
    static final String FIRST_ROWS_TITLE = "show(5)";
    static final String ABOVE_TEN_TITLE = "filter(value > 10).select(category, value).show()";
    static final String ABOVE_TEN_COUNT_TITLE = "filter(value > 10).count()";
    static final String PER_CATEGORY_TITLE = "groupBy(category).agg(count, avg(value), max(value)), by category";
    static final String ACTIVE_TOTALS_TITLE = "filter(status == active).withColumnRenamed(value, amount)"
            + ".groupBy(category).sum(amount).orderBy(desc)";

    public static void main(String[] args) throws Exception {
        Launcher.run(new CsvAggregation(), "csv-aggregation", args);
    }

    @Override
    public void define(StreamEnvironment env, String[] args) throws IOException {
        define(env, args, null);
    }

    /**
     * The job, with {@code afterRead} applied to every sale as it is read, on the reading subtask
     * (tests pace the job or fail it there), or nothing added when null.
     */
    void define(StreamEnvironment env, String[] args, MapFunction<Sale, Sale> afterRead) throws IOException {
        Flags flags = Flags.parse(args, USAGE, "input", "schema");
        Path input = Path.of(flags.get("input", DEFAULT_INPUT));
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw flags.usageError("input file '" + input.toAbsolutePath() + "' does not exist or cannot be read;"
                    + " run from the project's directory or pass a CSV file with --input");
        }
        CsvSchema schema = switch (flags.get("schema", "declared")) {
            case "declared" -> DECLARED_SCHEMA;
            case "inferred" -> inferred(flags, input);
            default -> throw flags.usageError("--schema is 'declared' or 'inferred', got '"
                    + flags.get("schema", null) + "'");
        };

        // One reader, so that the rows keep the file's order for show(5).
        DataStream<Sale> sales = env.fromSource(FileSource.forRecords(input, Csv.rows(schema).withHeader()).build(),
                        WatermarkStrategy.<CsvRow>noWatermarks(), "read " + input.getFileName()).uid("csv-source")
                .setParallelism(1)
                .map(Sale::of).name("to sales").returns(Sale.class).setParallelism(1);
        if (afterRead != null) {
            sales = sales.map(afterRead).name("after read").returns(Sale.class).setParallelism(1);
        }

        DataStream<Section> schemaTree = env.fromElements(Section.of(0, SCHEMA_TITLE, SchemaTree.of(schema)))
                .uid("schema").returns(Section.class);

        DataStream<Section> firstRows = sales
                .windowAll(GlobalWindows.create())
                .process(new ShowTable<Sale>(1, FIRST_ROWS_TITLE, Sale.COLUMNS, 5, null))
                .name("show(5)").uid("show-first-rows").returns(Section.class);

        // Shown in the file's order: one subtask, as for the rows.
        DataStream<CategoryValue> aboveTen = sales
                .filter(sale -> sale.value() > 10).name("value > 10").setParallelism(1)
                .map(sale -> new CategoryValue(sale.category(), sale.value())).name("select category, value")
                .returns(CategoryValue.class).setParallelism(1);
        DataStream<Section> aboveTenRows = aboveTen
                .windowAll(GlobalWindows.create())
                .process(new ShowTable<CategoryValue>(2, ABOVE_TEN_TITLE, CategoryValue.COLUMNS, 20, null))
                .name("show()").uid("show-above-ten").returns(Section.class);
        DataStream<Section> aboveTenCount = aboveTen
                .windowAll(GlobalWindows.create())
                .aggregate(new CountRows<CategoryValue>(), Serializers.LONG).name("count()").uid("count-above-ten")
                .map(count -> Section.of(3, ABOVE_TEN_COUNT_TITLE, Long.toString(count))).name("count section")
                .returns(Section.class);

        DataStream<Section> perCategory = sales
                .map(CategoryStats::of).name("stats of a sale").returns(CategoryStats.class)
                .keyBy(CategoryStats::category)
                .window(GlobalWindows.create())
                .reduce(CategoryStats::plus).name("count, avg, max per category").uid("stats-per-category")
                .windowAll(GlobalWindows.create())
                .process(new ShowTable<>(4, PER_CATEGORY_TITLE, CategoryStats.COLUMNS, 20,
                        (RowOrder<CategoryStats>) (a, b) -> a.category().compareTo(b.category())))
                .name("show per category").uid("show-per-category").returns(Section.class);

        DataStream<Section> activeTotals = sales
                .filter(sale -> "active".equals(sale.status())).name("status == active")
                .map(sale -> new CategoryTotal(sale.category(), sale.value())).name("value as amount")
                .returns(CategoryTotal.class)
                .keyBy(CategoryTotal::category)
                .window(GlobalWindows.create())
                .reduce(CategoryTotal::plus).name("sum(amount) per category").uid("totals-per-category")
                .windowAll(GlobalWindows.create())
                .process(new ShowTable<>(5, ACTIVE_TOTALS_TITLE, CategoryTotal.COLUMNS, 20, largestTotalFirst()))
                .name("show by sum(amount) desc").uid("show-active-totals").returns(Section.class);

        schemaTree.union(firstRows, aboveTenRows, aboveTenCount, perCategory, activeTotals)
                .windowAll(GlobalWindows.create())
                .process(new SectionsInOrder()).name("in order").uid("sections-in-order")
                .sinkTo(ConsoleSink.<String>stdout()).name("print").setParallelism(1);
    }

    /** By total, largest first; equal totals by category, so that the order is always the same. */
    static RowOrder<CategoryTotal> largestTotalFirst() {
        return (a, b) -> {
            int byTotal = Long.compare(b.total(), a.total());
            return byTotal != 0 ? byTotal : a.category().compareTo(b.category());
        };
    }

    private static CsvSchema inferred(Flags flags, Path input) throws IOException {
        CsvSchema schema = Csv.inferSchema(input, INFERENCE_SAMPLE_LINES);
        if (!schema.names().equals(DECLARED_SCHEMA.names()) || schema.types().get(2) != CsvType.LONG) {
            throw flags.usageError("the schema inferred from '" + input.toAbsolutePath() + "' is " + schema.describe()
                    + "; this job needs the columns category, status and value, value holding whole numbers");
        }
        return schema;
    }
}
