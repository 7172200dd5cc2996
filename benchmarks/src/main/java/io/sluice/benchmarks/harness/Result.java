package io.sluice.benchmarks.harness;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One measured run, printed as one machine-readable {@code RESULT {...}} line.
 *
 * @param checkpoints W4: the {@code cp_*} figures of {@link CheckpointStats#figures}, else empty
 */
public record Result(String engine, Workload workload, Map<String, Object> config, double eventsPerSecond,
                     Histogram latencyNanos, Map<String, Object> checkpoints) {

    public static final String PREFIX = "RESULT ";

    public Result {
        checkpoints = Collections.unmodifiableMap(new LinkedHashMap<>(checkpoints));
    }

    /** A run without checkpoints. */
    public Result(String engine, Workload workload, Map<String, Object> config, double eventsPerSecond,
                  Histogram latencyNanos) {
        this(engine, workload, config, eventsPerSecond, latencyNanos, Map.of());
    }

    public String toLine() {
        StringJoiner j = new StringJoiner(",", "{", "}");
        j.add(q("engine") + ":" + q(engine));
        j.add(q("workload") + ":" + q(workload.name()));
        StringJoiner cfg = new StringJoiner(",", "{", "}");
        config.forEach((k, v) -> cfg.add(q(k) + ":" + (v instanceof String s ? q(s) : String.valueOf(v))));
        j.add(q("config") + ":" + cfg);
        j.add(q("events_per_s") + ":" + Math.round(eventsPerSecond));
        j.add(q("p50_us") + ":" + micros(0.50));
        j.add(q("p99_us") + ":" + micros(0.99));
        j.add(q("p999_us") + ":" + micros(0.999));
        j.add(q("p9999_us") + ":" + micros(0.9999));
        j.add(q("max_us") + ":" + (latencyNanos == null ? "null" : fmt(latencyNanos.getMaxValue() / 1e3)));
        j.add(q("samples") + ":" + (latencyNanos == null ? "null" : String.valueOf(latencyNanos.getTotalCount())));
        checkpoints.forEach((k, v) -> j.add(q(k) + ":" + v));
        j.add(q("jvm") + ":" + q(jvm()));
        return PREFIX + j;
    }

    private String micros(double quantile) {
        return latencyNanos == null ? "null" : fmt(latencyNanos.getValueAtPercentile(quantile * 100) / 1e3);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The JVM and its settings, recorded with every result. */
    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("--add-") && !a.startsWith("-Dchronicle")).toList());
    }

    private static String q(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
