package io.sluice.examples.classic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@link CsvAggregation} prints, computed line by line with plain Java: the oracle of its tests. */
public final class CsvOracle {

    /** The bundled data.csv, from the module's directory, where the tests run. */
    public static final Path BUNDLED = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().resolve("data/data.csv");

    private CsvOracle() {
    }

    /** What the job prints for a file of these lines (a header first), computed row by row. */
    public static String expectedOutput(List<String> lines) {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        List<String> sections = new ArrayList<>();
        sections.add("== printSchema() ==\nroot\n |-- category: string (nullable = true)\n"
                + " |-- status: string (nullable = true)\n |-- value: long (nullable = true)");

        Table all = new Table("category", "status", "value");
        rows.forEach(r -> all.row(r[0], r[1], Long.parseLong(r[2])));
        sections.add("== show(5) ==\n" + all.show(5));

        Table aboveTen = new Table("category", "value");
        rows.stream().filter(r -> Long.parseLong(r[2]) > 10).forEach(r -> aboveTen.row(r[0], Long.parseLong(r[2])));
        sections.add("== filter(value > 10).select(category, value).show() ==\n" + aboveTen.show());
        sections.add("== filter(value > 10).count() ==\n" + aboveTen.size());

        Map<String, List<Long>> values = new TreeMap<>();
        rows.forEach(r -> values.computeIfAbsent(r[0], c -> new ArrayList<>()).add(Long.parseLong(r[2])));
        Table perCategory = new Table("category", "count", "avg(value)", "max(value)");
        values.forEach((category, vs) -> perCategory.row(category, (long) vs.size(),
                vs.stream().mapToLong(Long::longValue).sum() / (double) vs.size(), Collections.max(vs)));
        sections.add("== groupBy(category).agg(count, avg(value), max(value)), by category ==\n"
                + perCategory.show());

        Map<String, Long> totals = new TreeMap<>();
        rows.stream().filter(r -> r[1].equals("active"))
                .forEach(r -> totals.merge(r[0], Long.parseLong(r[2]), Long::sum));
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Table active = new Table("category", "sum(amount)");
        sorted.forEach(e -> active.row(e.getKey(), e.getValue()));
        sections.add("== filter(status == active).withColumnRenamed(value, amount).groupBy(category).sum(amount)"
                + ".orderBy(desc) ==\n" + active.show());

        return String.join("\n\n", sections) + System.lineSeparator();
    }
}
