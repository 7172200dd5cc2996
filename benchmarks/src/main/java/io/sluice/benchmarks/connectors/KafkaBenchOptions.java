package io.sluice.benchmarks.connectors;

import io.sluice.benchmarks.connectors.KafkaPipelineThroughput.Guarantee;
import io.sluice.benchmarks.connectors.KafkaPipelineThroughput.Shape;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of {@link KafkaPipelineThroughput}. */
record KafkaBenchOptions(List<Shape> shapes, long records, long warmupRecords, int partitions, int recordBytes,
                         int parallelism, Guarantee guarantee, long checkpointMs, long rate, int seconds,
                         int warmupSeconds, int rounds, String isolation, String bootstrapServers, String brokerHeap,
                         Map<String, String> producerProperties, Map<String, String> consumerProperties,
                         Map<String, String> sluiceConfig, long sinkMaxPending, boolean threadCpu) {

    static KafkaBenchOptions parse(String[] args) {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new IllegalArgumentException(usage("the first argument is the mode"));
        }
        List<Shape> shapes = switch (args[0]) {
            case "limit" -> List.of(Shape.LIMIT);
            case "sluice" -> List.of(Shape.SLUICE);
            case "both" -> List.of(Shape.LIMIT, Shape.SLUICE);
            default -> throw new IllegalArgumentException(usage("mode '" + args[0]
                    + "' is none of limit, sluice, both"));
        };
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(usage("'" + args[i] + "' is not an option with a value"));
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        String guaranteeName = take(o, "guarantee", "at-least-once");
        Guarantee guarantee = switch (guaranteeName) {
            case "at-least-once" -> Guarantee.AT_LEAST_ONCE;
            case "exactly-once" -> Guarantee.EXACTLY_ONCE;
            default -> throw new IllegalArgumentException(usage("guarantee '" + guaranteeName
                    + "' is neither at-least-once nor exactly-once"));
        };
        KafkaBenchOptions options = new KafkaBenchOptions(shapes,
                Long.parseLong(take(o, "records", "3000000")),
                Long.parseLong(take(o, "warmup-records", "3000000")),
                Integer.parseInt(take(o, "partitions", "4")),
                Integer.parseInt(take(o, "record-bytes", "100")),
                Integer.parseInt(take(o, "parallelism", "1")),
                guarantee,
                Long.parseLong(take(o, "checkpoint-ms", "1000")),
                Long.parseLong(take(o, "rate", "0")),
                Integer.parseInt(take(o, "seconds", "20")),
                Integer.parseInt(take(o, "warmup-s", "5")),
                Integer.parseInt(take(o, "rounds", "1")),
                take(o, "isolation", "read_committed"),
                take(o, "bootstrap", null),
                take(o, "broker-heap", "1g"),
                properties(take(o, "producer", "")),
                properties(take(o, "consumer", "")),
                properties(take(o, "sluice", "")),
                Long.parseLong(take(o, "sink-max-pending", "0")),
                Boolean.parseBoolean(take(o, "thread-cpu", "false")));
        if (!o.isEmpty()) {
            throw new IllegalArgumentException(usage("unknown options " + o.keySet()));
        }
        if (options.recordBytes < KafkaRecords.MIN_BYTES) {
            throw new IllegalArgumentException("--record-bytes " + options.recordBytes + " is below "
                    + KafkaRecords.MIN_BYTES + ", the sequence, the send time and the mark");
        }
        if (options.records < 1 || options.records > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--records " + options.records + " is not in 1.."
                    + Integer.MAX_VALUE);
        }
        if (options.rate < 0 || options.rate > 10_000_000) {
            throw new IllegalArgumentException("--rate " + options.rate + " is not in 0 (throughput) .. 10000000");
        }
        if (options.parallelism < 1 || options.parallelism > options.partitions) {
            throw new IllegalArgumentException("--parallelism " + options.parallelism + " is not in 1.."
                    + options.partitions + " (the partitions); a subtask without a partition would idle");
        }
        if (!options.isolation.equals("read_committed") && !options.isolation.equals("read_uncommitted")) {
            throw new IllegalArgumentException("--isolation " + options.isolation
                    + " is neither read_committed nor read_uncommitted");
        }
        return options;
    }

    /** "k=v,k=v" as a map. */
    private static Map<String, String> properties(String list) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : list.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + pair + "' is not key=value");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    private static String take(Map<String, String> options, String name, String defaultValue) {
        String value = options.remove(name);
        return value == null ? defaultValue : value;
    }

    private static String usage(String problem) {
        return problem + "\nusage: KafkaPipelineThroughput limit|sluice|both [--records N (3000000)]"
                + " [--warmup-records N (3000000; 0 for none)] [--rounds N (1)] [--partitions P (4)]"
                + " [--record-bytes B (100)]"
                + " [--parallelism 1|2 (1)] [--guarantee at-least-once|exactly-once] [--checkpoint-ms MS (1000)]"
                + " [--rate R (0: throughput) --seconds S (20) --warmup-s S (5)]"
                + " [--isolation read_committed|read_uncommitted] [--bootstrap host:port (start a broker)]"
                + " [--broker-heap 1g] [--producer k=v,k=v] [--consumer k=v,k=v] (client properties of both"
                + " shapes' pipeline consumers and producers) [--sluice key=value,... (job configuration)]"
                + " [--sink-max-pending N (the Kafka sink's maxPendingRecords; 0: its default)]"
                + " [--thread-cpu true (CPU seconds per thread in each result)]";
    }

    boolean latency() {
        return rate > 0;
    }
}
