package io.sluice.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One run of one workload on one engine: every knob the harness turns, with the defaults of the
 * comparison. Parsed from {@code --name value} arguments; printed back in each result's "config".
 *
 * @param events             events to generate (W1, W2, W5–W7); W3/W4 generate {@code rate x (warmup + measure)}
 * @param keys               distinct keys (all but W1)
 * @param rate               events per second in all (W3, W4)
 * @param checkpointMillis   checkpoint interval, 0 for none (W4)
 * @param objectReuse        Flink only: {@code enableObjectReuse()}
 * @param bufferTimeoutMillis Flink only: network buffer timeout, -1 for Flink's default (100 ms)
 * @param warmupRuns         whole runs discarded before the measured one (throughput workloads)
 */
public record RunConfig(String engine, Workload workload, int parallelism, long events, long keys, long rate,
                        int warmupSeconds, int measureSeconds, long checkpointMillis, boolean objectReuse,
                        long bufferTimeoutMillis, int warmupRuns) {

    public RunConfig {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1, was " + parallelism);
        }
        if (keys < 1) {
            throw new IllegalArgumentException("--keys must be at least 1, was " + keys);
        }
        if (events < 1 || rate < 1) {
            throw new IllegalArgumentException("--events and --rate must be positive");
        }
    }

    /** Defaults of the comparison for a workload; {@code W4} checkpoints every second. */
    public static RunConfig defaults(String engine, Workload workload) {
        return switch (workload) {
            case W1, W2, W5, W6, W7 -> new RunConfig(engine, workload, 1, 20_000_000, 10_000, 1_000_000, 0, 0, 0, false, -1, 2);
            case W3 -> new RunConfig(engine, workload, 2, 1, 10_000, 1_000_000, 10, 30, 0, false, -1, 0);
            case W4 -> new RunConfig(engine, workload, 2, 1, 10_000, 1_000_000, 10, 30, 1_000, false, -1, 0);
        };
    }

    /** Parses {@code --engine E --workload W [--parallelism N] [--events N] ...}. */
    public static RunConfig parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            given.put(args[i].substring(2), args[++i]);
        }
        String engine = require(given, "engine");
        Workload workload = Workload.valueOf(require(given, "workload").toUpperCase(Locale.ROOT));
        RunConfig d = defaults(engine, workload);
        RunConfig c = new RunConfig(engine, workload,
                Integer.parseInt(given.getOrDefault("parallelism", "" + d.parallelism)),
                parseCount(given.getOrDefault("events", "" + d.events)),
                parseCount(given.getOrDefault("keys", "" + d.keys)),
                parseCount(given.getOrDefault("rate", "" + d.rate)),
                Integer.parseInt(given.getOrDefault("warmup-s", "" + d.warmupSeconds)),
                Integer.parseInt(given.getOrDefault("measure-s", "" + d.measureSeconds)),
                Long.parseLong(given.getOrDefault("checkpoint-ms", "" + d.checkpointMillis)),
                Boolean.parseBoolean(given.getOrDefault("object-reuse", "" + d.objectReuse)),
                Long.parseLong(given.getOrDefault("buffer-timeout-ms", "" + d.bufferTimeoutMillis)),
                Integer.parseInt(given.getOrDefault("warmup-runs", "" + d.warmupRuns)));
        for (String key : given.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + KNOWN);
            }
        }
        return c;
    }

    private static final java.util.List<String> KNOWN = java.util.List.of("engine", "workload", "parallelism",
            "events", "keys", "rate", "warmup-s", "measure-s", "checkpoint-ms", "object-reuse", "buffer-timeout-ms",
            "warmup-runs");

    private static String require(Map<String, String> given, String name) {
        String v = given.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    /** Accepts {@code 20000000}, {@code 20_000_000}, {@code 20M}, {@code 10k}. */
    static long parseCount(String text) {
        String t = text.replace("_", "").trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1_000;
        } else if (t.endsWith("M")) {
            unit = 1_000_000;
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }

    /** Events a run generates in all. */
    public long totalEvents() {
        return workload.measuresLatency() ? rate * (warmupSeconds + measureSeconds) : events;
    }

    /** The settings that shape this run, as printed in its result (engine-only knobs only for that engine). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parallelism", parallelism);
        if (workload.measuresLatency()) {
            m.put("rate", rate);
            m.put("keys", keys);
            m.put("warmup_s", warmupSeconds);
            m.put("measure_s", measureSeconds);
            m.put("checkpoint_ms", checkpointMillis);
        } else {
            m.put("events", events);
            if (workload != Workload.W1) {
                m.put("keys", keys);
            }
        }
        if (engine.equals("flink")) {
            m.put("object_reuse", objectReuse);
            m.put("buffer_timeout_ms", bufferTimeoutMillis);
        }
        return m;
    }
}
