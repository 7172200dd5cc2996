package io.sluice.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code RESULT} lines (from the files given, or standard input) and prints, per workload and
 * shape, the median of every figure over the runs of each engine, with the range, followed by the
 * Sluice/Flink ratio of each figure. Throughput: higher is better; latency: lower is better.
 */
public final class ResultTable {

    static final String[] METRICS = {"events_per_s", "p50_us", "p99_us", "p999_us", "p9999_us", "max_us"};
    static final String[] HEADERS = {"events/s", "p50 µs", "p99 µs", "p99.9 µs", "p99.99 µs", "max µs"};
    /** W4's checkpoint figures, shown in a second table under the latencies (medians over the runs). */
    static final String[] CHECKPOINT_METRICS = {"cp_completed", "cp_failed", "cp_duration_ms_p50",
            "cp_duration_ms_max", "cp_size_bytes_p50", "cp_alignment_ms_p50", "cp_alignment_ms_max", "cp_sync_ms_p50",
            "cp_sync_ms_max"};
    static final String[] CHECKPOINT_HEADERS = {"completed", "failed", "duration p50 ms", "duration max ms",
            "size p50 bytes", "align p50 ms", "align max ms", "sync p50 ms", "sync max ms"};
    /** Config keys that are engine settings rather than the shape of the workload. */
    static final List<String> ENGINE_KEYS = List.of("object_reuse", "buffer_timeout_ms");

    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"[^\"]*\"|[^,{}]+)");
    private static final Pattern CONFIG = Pattern.compile("\"config\":\\{([^}]*)}");

    /** One parsed RESULT line. */
    record Run(String engine, String workload, String shape, String variant, Map<String, Double> figures) {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = new ArrayList<>();
        if (args.length == 0) {
            lines.addAll(new String(System.in.readAllBytes()).lines().toList());
        } else {
            for (String a : args) {
                lines.addAll(Files.readAllLines(Path.of(a)));
            }
        }
        System.out.print(render(parse(lines)));
    }

    static List<Run> parse(List<String> lines) {
        List<Run> runs = new ArrayList<>();
        for (String line : lines) {
            int at = line.indexOf(Result.PREFIX);
            if (at < 0) {
                continue;
            }
            String json = line.substring(at + Result.PREFIX.length());
            Matcher cm = CONFIG.matcher(json);
            Map<String, String> config = new LinkedHashMap<>();
            if (cm.find()) {
                Matcher f = FIELD.matcher(cm.group(1));
                while (f.find()) {
                    config.put(f.group(1), unquote(f.group(2)));
                }
                json = json.substring(0, cm.start()) + json.substring(cm.end());
            }
            Map<String, String> top = new LinkedHashMap<>();
            Matcher f = FIELD.matcher(json);
            while (f.find()) {
                top.put(f.group(1), unquote(f.group(2)));
            }
            StringBuilder shape = new StringBuilder();
            StringBuilder variant = new StringBuilder(top.get("engine"));
            config.forEach((k, v) -> {
                if (ENGINE_KEYS.contains(k)) {
                    if (!v.equals("false") && !v.equals("-1")) {
                        variant.append(' ').append(k).append('=').append(v);
                    }
                } else {
                    shape.append(shape.isEmpty() ? "" : " ").append(k).append('=').append(v);
                }
            });
            Map<String, Double> figures = new LinkedHashMap<>();
            for (String[] names : new String[][] {METRICS, CHECKPOINT_METRICS}) {
                for (String m : names) {
                    String v = top.get(m);
                    if (v != null && !v.equals("null")) {
                        figures.put(m, Double.parseDouble(v));
                    }
                }
            }
            runs.add(new Run(top.get("engine"), top.get("workload"), shape.toString(), variant.toString(), figures));
        }
        return runs;
    }

    static String render(List<Run> runs) {
        StringBuilder out = new StringBuilder();
        Map<String, Map<String, List<Run>>> grouped = new TreeMap<>(); // workload+shape → variant → runs
        for (Run r : runs) {
            grouped.computeIfAbsent(r.workload + "  " + r.shape, k -> new TreeMap<>(ResultTable::engineOrder))
                    .computeIfAbsent(r.variant, k -> new ArrayList<>()).add(r);
        }
        for (var group : grouped.entrySet()) {
            List<String> metrics = new ArrayList<>();
            for (String m : METRICS) {
                if (group.getValue().values().stream().flatMap(List::stream).anyMatch(r -> r.figures.containsKey(m))) {
                    metrics.add(m);
                }
            }
            out.append('\n').append(group.getKey()).append("   (median of the runs [min–max])\n");
            out.append(String.format(Locale.ROOT, "%-40s %4s", "engine", "runs"));
            for (String m : metrics) {
                out.append(String.format(Locale.ROOT, " %24s", HEADERS[Arrays.asList(METRICS).indexOf(m)]));
            }
            out.append('\n');
            Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
            for (var variant : group.getValue().entrySet()) {
                List<Run> rs = variant.getValue();
                out.append(String.format(Locale.ROOT, "%-40s %4d", variant.getKey(), rs.size()));
                Map<String, Double> med = new LinkedHashMap<>();
                for (String m : metrics) {
                    double[] values = rs.stream().filter(r -> r.figures.containsKey(m))
                            .mapToDouble(r -> r.figures.get(m)).sorted().toArray();
                    if (values.length == 0) {
                        out.append(String.format(Locale.ROOT, " %24s", "-"));
                        continue;
                    }
                    double median = median(values);
                    med.put(m, median);
                    String cell = human(median) + (values.length > 1
                            ? " [" + human(values[0]) + "–" + human(values[values.length - 1]) + "]" : "");
                    out.append(String.format(Locale.ROOT, " %24s", cell));
                }
                medians.put(variant.getKey(), med);
                out.append('\n');
            }
            Map<String, Double> sluice = medians.get("sluice");
            if (sluice != null) {
                for (var other : medians.entrySet()) {
                    if (!other.getKey().startsWith("flink")) {
                        continue;
                    }
                    out.append(String.format(Locale.ROOT, "%-45s", "sluice/" + other.getKey()));
                    for (String m : metrics) {
                        Double a = sluice.get(m);
                        Double b = other.getValue().get(m);
                        out.append(String.format(Locale.ROOT, " %24s",
                                a == null || b == null || b == 0 ? "-" : ratio(a / b)));
                    }
                    out.append('\n');
                }
            }
            renderCheckpoints(out, group.getValue());
        }
        out.append("\nratios: events/s higher is better for Sluice; latencies lower is better.\n");
        return out.toString();
    }

    /** The checkpoint figures of a W4 group, if its runs have any: median of the runs [min–max]. */
    private static void renderCheckpoints(StringBuilder out, Map<String, List<Run>> variants) {
        if (variants.values().stream().flatMap(List::stream).noneMatch(r -> r.figures.containsKey("cp_completed"))) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%-40s %4s", "checkpoints in the measured window", "runs"));
        for (String h : CHECKPOINT_HEADERS) {
            out.append(String.format(Locale.ROOT, " %18s", h));
        }
        out.append('\n');
        for (var variant : variants.entrySet()) {
            List<Run> rs = variant.getValue();
            if (rs.stream().noneMatch(r -> r.figures.containsKey("cp_completed"))) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "%-40s %4d", variant.getKey(), rs.size()));
            for (String m : CHECKPOINT_METRICS) {
                double[] values = rs.stream().filter(r -> r.figures.containsKey(m))
                        .mapToDouble(r -> r.figures.get(m)).sorted().toArray();
                String cell = values.length == 0 ? "-" : whole(median(values)) + (values.length > 1
                        && values[0] != values[values.length - 1]
                        ? " [" + whole(values[0]) + "–" + whole(values[values.length - 1]) + "]" : "");
                out.append(String.format(Locale.ROOT, " %18s", cell));
            }
            out.append('\n');
        }
    }

    /** 6.81x, 0.17x, 0.00049x: three significant digits however small. */
    static String ratio(double r) {
        return (r >= 0.01 ? String.format(Locale.ROOT, "%.2f", r) : String.format(Locale.ROOT, "%.2g", r)) + "x";
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** 12.3M, 456k, 7.89 — short enough for a table. */
    static String human(double v) {
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (Math.abs(v) >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Counts and milliseconds, whole numbers as such (30, not 30.00); larger ones as {@link #human}. */
    static String whole(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e4 ? String.format(Locale.ROOT, "%.0f", v) : human(v);
    }

    private static int engineOrder(String a, String b) {
        int ra = rank(a);
        int rb = rank(b);
        return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
    }

    private static int rank(String variant) {
        return variant.startsWith("sluice") ? 0 : variant.startsWith("flink") ? 1 : 2;
    }

    private static String unquote(String v) {
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v.trim();
    }
}
