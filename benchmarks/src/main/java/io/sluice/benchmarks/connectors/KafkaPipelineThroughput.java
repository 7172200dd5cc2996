package io.sluice.benchmarks.connectors;

import io.sluice.connectors.kafka.testing.LocalKafkaBroker;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput and latency of a Kafka pipeline, input topic → map → output topic, against a real
 * single-node broker started here (a forked JVM, {@link LocalKafkaBroker}), in two shapes run the
 * same way:
 * <pre>
 *   limit:  KafkaConsumer.poll → map → KafkaProducer.send, one plain loop per "subtask"   ({@link KafkaPlainLoop})
 *   sluice: KafkaSource → map → KafkaSink, checkpoints every second                       ({@link KafkaSluiceJob})
 * </pre>
 * {@code both} runs limit, then sluice, in the same JVM against the same broker, each on fresh
 * topics, and ends with the ratio sluice / limit; {@code --rounds N} repeats that, every other
 * round with sluice first.
 *
 * <p><b>Throughput</b> (the default): the input topic is pre-filled with {@code --records} records
 * of {@code --record-bytes} bytes, dealt round robin over {@code --partitions} partitions; then the
 * pipeline starts and a consumer of the output topic counts records until every one has arrived.
 * Records/s is the input's size over the time from starting the pipeline to reading its last record
 * (start-up included: consumers, producers and job), and also over the time from the first output
 * record to the last. No latency is reported: the records were written before the pipeline
 * started, so their age says only how long they queued.
 *
 * <p><b>Latency</b> ({@code --rate R}): the pipeline runs, unbounded, while a producer in this JVM
 * writes R records/s into the input topic (open loop: each record carries the {@link System#nanoTime()}
 * at which it was due, whether or not the producer kept up), for {@code --warmup-s} plus
 * {@code --seconds} seconds; the output consumer records, for the records due after the warm-up, the
 * time from due to the poll that read it, in an HdrHistogram. That is append-to-read latency end to
 * end: the input producer's batching, the broker's two appends and replication acknowledgements
 * (one broker: none), the pipeline, and the output consumer's fetch. The input producer uses the
 * client's defaults ({@code linger.ms} 5) like the pipelines' producers: without batching, each
 * record would be a request of its own, and the broker alone would take both cores.
 *
 * <p>In both modes, before the measured runs, a throughput run of each shape over
 * {@code --warmup-records} records (on topics of its own) gives this JVM's JIT and the broker's
 * the code paths: the broker's own throughput here triples over its first few million records.
 *
 * <p>Every run checks its output: every record arrives, transformed once; duplicates are counted
 * (at least once allows them, there should be none without failures). The output consumer reads
 * {@code read_committed} unless told otherwise ({@code --isolation}); with non-transactional output
 * that is the same as {@code read_uncommitted}.
 *
 * <pre>
 *   java $FLAGS -Xms2g -Xmx2g -cp "benchmarks/target/classes:$(cat benchmarks/target/harness.classpath)" \
 *       io.sluice.benchmarks.connectors.KafkaPipelineThroughput limit|sluice|both [options]
 * </pre>
 * The class path is the module's (not the shaded jar): the broker is forked with this JVM's class
 * path, which must hold {@code kafka_2.13}. See docs/benchmarks.md for the options and figures.
 */
public final class KafkaPipelineThroughput {

    /** A pipeline under test: started once, ended once, closed always. */
    interface Pipeline extends AutoCloseable {
        void start() throws Exception;

        /** Waits for a bounded pipeline to finish on its own; fails if it did not. */
        void awaitEnd(Duration timeout) throws Exception;

        /** Stops the pipeline if it still runs, and frees what it holds. */
        @Override
        void close() throws Exception;

        /** Counters of the run as JSON members (checkpoints, flushes...). */
        String stats();
    }

    enum Shape { LIMIT, SLUICE }

    enum Guarantee {
        AT_LEAST_ONCE, EXACTLY_ONCE;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One measured run. {@code latencyNs} is null in throughput runs. */
    record Result(Shape shape, long records, double seconds, double firstToLastSeconds, long startupMs,
                  long duplicates, Histogram latencyNs, String stats, double brokerCpuSeconds,
                  double clientCpuSeconds, String threadCpu) {

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private static int topicCounter;
    /** The broker's process, for its CPU time; null with an external broker. */
    private static ProcessHandle brokerProcess;

    private KafkaPipelineThroughput() {
    }

    public static void main(String[] args) throws Exception {
        KafkaBenchOptions options = KafkaBenchOptions.parse(args);
        if (options.shapes().contains(Shape.SLUICE)) {
            // fails at once if the sink cannot give the guarantee (or refuses a property)
            KafkaSluiceJob.sink("localhost:9", "check", options.guarantee(), options.producerProperties(),
                    options.sinkMaxPending());
        }
        System.out.printf("ENV {\"nproc\":%d,\"cpu\":\"%s\",\"java\":\"%s\",\"heap_mb\":%d,\"broker\":\"%s\"}%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                options.bootstrapServers() != null ? options.bootstrapServers()
                        : "local KRaft broker (kafka_2.13 of the class path), forked JVM -Xmx" + options.brokerHeap());
        LocalKafkaBroker broker = null;
        String bootstrap = options.bootstrapServers();
        if (bootstrap == null) {
            List<String> heap = List.of("-Xms" + options.brokerHeap(), "-Xmx" + options.brokerHeap());
            broker = new LocalKafkaBroker(Map.of(), heap, System.getProperty("java.class.path"));
            broker.start();
            bootstrap = broker.bootstrapServers();
            brokerProcess = broker.processHandle();
            System.out.println("broker at " + bootstrap + ", pid " + broker.processHandle().pid());
        }
        try {
            if (options.warmupRecords() > 0) {
                for (Shape shape : options.shapes()) {
                    Result warm = throughputPass(bootstrap, shape, options, options.warmupRecords());
                    System.out.printf(Locale.ROOT, "warm-up %s: %,d records in %.2f s (%,.0f records/s)%n",
                            label(shape), warm.records, warm.seconds, warm.recordsPerSecond());
                }
            }
            Map<Shape, List<Result>> all = new EnumMap<>(Shape.class);
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < options.rounds(); round++) {
                List<Shape> order = new ArrayList<>(options.shapes());
                if (round % 2 == 1) {
                    Collections.reverse(order); // every other round the other shape goes first
                }
                Map<Shape, Result> results = new EnumMap<>(Shape.class);
                for (Shape shape : order) {
                    Result r = options.latency() ? latencyRun(bootstrap, shape, options)
                            : throughputPass(bootstrap, shape, options, options.records());
                    print(r, options);
                    results.put(shape, r);
                    all.computeIfAbsent(shape, s -> new ArrayList<>()).add(r);
                }
                if (results.size() == 2) {
                    ratios.add(printRatio(results.get(Shape.LIMIT), results.get(Shape.SLUICE)));
                }
            }
            if (options.rounds() > 1) {
                printSummary(all, ratios, options);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    // ---- throughput ----------------------------------------------------------------------------

    private static Result throughputPass(String bootstrap, Shape shape, KafkaBenchOptions o, long records)
            throws Exception {
        String id = label(shape) + "-" + (++topicCounter);
        String in = "in-" + id;
        String out = "out-" + id;
        createTopics(bootstrap, o.partitions(), in, out);
        fill(bootstrap, in, records, o);

        KafkaOutputReader reader = new KafkaOutputReader(bootstrap, out, records, o.isolation(), Long.MAX_VALUE);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + records / 20_000);
        try (Pipeline pipeline = pipeline(bootstrap, shape, o, in, out, true)) {
            ProcessCpuMeter cpu = new ProcessCpuMeter(brokerProcess);
            ThreadCpuSampler threads = o.threadCpu() ? new ThreadCpuSampler() : null;
            long started = System.nanoTime();
            pipeline.start();
            if (!reader.await(deadline)) {
                throw new IllegalStateException(label(shape) + " run is not valid: " + reader.missing());
            }
            pipeline.awaitEnd(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            cpu.stop();
            String threadCpu = threads == null ? null : threads.stop();
            check(reader, shape, o);
            return new Result(shape, records, (reader.lastArrivalNs() - started) / 1e9,
                    (reader.lastArrivalNs() - reader.firstArrivalNs()) / 1e9,
                    (reader.firstArrivalNs() - started) / 1_000_000, reader.duplicates(), null, pipeline.stats(),
                    cpu.brokerSeconds(), cpu.clientSeconds(), threadCpu);
        } finally {
            deleteTopics(bootstrap, in, out); // the next run's topics get the broker's page cache
        }
    }

    /** Writes the pre-filled input: record i to partition i mod P, as fast as the broker takes them. */
    private static void fill(String bootstrap, String topic, long records, KafkaBenchOptions o) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, (int) (i % o.partitions()), null,
                        KafkaRecords.value(o.recordBytes(), i, 0)), callback);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("filling " + topic + " failed: " + failure.get(), failure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "filled %s: %,d records of %d bytes in %d partitions in %.2f s"
                        + " (%,.0f records/s)%n", topic, records, o.recordBytes(), o.partitions(), seconds,
                records / seconds);
    }

    // ---- latency -------------------------------------------------------------------------------

    /**
     * The pipeline runs while this thread writes records at the fixed rate, each due at
     * start + i × period; a record is sent as soon as it is due (parking in between, so that the
     * driver does not take a core from the broker and the pipeline), and keeps its due time when
     * the driver is late (no coordinated omission).
     */
    private static Result latencyRun(String bootstrap, Shape shape, KafkaBenchOptions o) throws Exception {
        String id = label(shape) + "-rate-" + (++topicCounter);
        String in = "in-" + id;
        String out = "out-" + id;
        createTopics(bootstrap, o.partitions(), in, out);
        long total = o.rate() * (o.seconds() + o.warmupSeconds());
        long periodNs = 1_000_000_000L / o.rate();
        try (Pipeline pipeline = pipeline(bootstrap, shape, o, in, out, false)) {
            pipeline.start();
            long start = System.nanoTime() + 200_000_000L;
            long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
            KafkaOutputReader reader = new KafkaOutputReader(bootstrap, out, total, o.isolation(), measureFrom);
            reader.start();
            ProcessCpuMeter cpu = new ProcessCpuMeter(brokerProcess);
            ThreadCpuSampler threads = o.threadCpu() ? new ThreadCpuSampler() : null;
            drive(bootstrap, in, total, start, periodNs, o);
            long end = System.nanoTime();
            if (!reader.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(60))) {
                throw new IllegalStateException(label(shape) + " run is not valid: " + reader.missing());
            }
            cpu.stop();
            String threadCpu = threads == null ? null : threads.stop();
            check(reader, shape, o);
            Histogram h = reader.latencyNs();
            return new Result(shape, h.getTotalCount(), (end - measureFrom) / 1e9, (end - measureFrom) / 1e9,
                    0, reader.duplicates(), h, pipeline.stats(), cpu.brokerSeconds(), cpu.clientSeconds(), threadCpu);
        } finally {
            deleteTopics(bootstrap, in, out);
        }
    }

    private static void drive(String bootstrap, String topic, long total, long start, long periodNs,
                              KafkaBenchOptions o) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long sent = 0;
            while (sent < total) {
                long now = System.nanoTime();
                long due = start + sent * periodNs;
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                do {
                    producer.send(new ProducerRecord<>(topic, (int) (sent % o.partitions()), null,
                            KafkaRecords.value(o.recordBytes(), sent, due)), callback);
                    sent++;
                    due += periodNs;
                } while (sent < total && due <= now);
                if (failure.get() != null) {
                    throw new IllegalStateException("writing " + topic + " failed: " + failure.get(), failure.get());
                }
            }
            producer.flush();
        }
    }

    // ---- common --------------------------------------------------------------------------------

    private static Pipeline pipeline(String bootstrap, Shape shape, KafkaBenchOptions o, String in, String out,
                                     boolean bounded) throws Exception {
        return shape == Shape.LIMIT
                ? new KafkaPlainLoop(bootstrap, in, out, o.partitions(), o.parallelism(),
                        o.guarantee() == Guarantee.EXACTLY_ONCE, o.checkpointMs(), bounded, o.consumerProperties(),
                        o.producerProperties())
                : new KafkaSluiceJob(bootstrap, in, out, o.parallelism(), o.guarantee(), o.checkpointMs(), bounded,
                        o.consumerProperties(), o.producerProperties(), o.sluiceConfig(), o.sinkMaxPending());
    }

    private static void createTopics(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            LocalKafkaBroker.createTopics(admin, partitions, List.of(topics));
        }
    }

    private static void deleteTopics(String bootstrap, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void check(KafkaOutputReader reader, Shape shape, KafkaBenchOptions o) {
        if (reader.error() != null) {
            throw new IllegalStateException(label(shape) + " run is not valid: " + reader.error());
        }
        if (o.guarantee() == Guarantee.EXACTLY_ONCE && reader.duplicates() > 0) {
            throw new IllegalStateException(label(shape) + " run is not valid: " + reader.duplicates()
                    + " duplicates with exactly once");
        }
    }

    private static void print(Result r, KafkaBenchOptions o) {
        StringBuilder b = new StringBuilder(256);
        b.append(String.format(Locale.ROOT, "RESULT {\"shape\":\"%s\",\"mode\":\"%s\",\"guarantee\":\"%s\","
                        + "\"parallelism\":%d,\"partitions\":%d,\"record_bytes\":%d,\"checkpoint_ms\":%d,",
                label(r.shape), o.latency() ? "latency" : "throughput", o.guarantee().label(), o.parallelism(),
                o.partitions(), o.recordBytes(), o.checkpointMs()));
        if (o.latency()) {
            Histogram h = r.latencyNs;
            b.append(String.format(Locale.ROOT, "\"rate\":%d,\"records\":%d,\"seconds\":%.2f,\"records_per_s\":%.0f,"
                            + "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,",
                    o.rate(), r.records, r.seconds, r.recordsPerSecond(), h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6));
        } else {
            b.append(String.format(Locale.ROOT, "\"records\":%d,\"seconds\":%.2f,\"records_per_s\":%.0f,"
                            + "\"first_to_last_records_per_s\":%.0f,\"startup_ms\":%d,",
                    r.records, r.seconds, r.recordsPerSecond(), r.records / r.firstToLastSeconds, r.startupMs));
        }
        b.append("\"duplicates\":").append(r.duplicates).append(',').append(r.stats)
                .append(String.format(Locale.ROOT, ",\"broker_cpu_s\":%.2f,\"client_cpu_s\":%.2f",
                        r.brokerCpuSeconds, r.clientCpuSeconds))
                .append(",\"isolation\":\"").append(o.isolation()).append('"');
        if (!o.producerProperties().isEmpty() || !o.consumerProperties().isEmpty()) {
            b.append(",\"producer\":\"").append(o.producerProperties()).append("\",\"consumer\":\"")
                    .append(o.consumerProperties()).append('"');
        }
        if (r.threadCpu != null) {
            b.append(",\"thread_cpu_s\":{").append(r.threadCpu).append('}');
        }
        if (r.shape == Shape.SLUICE && !o.sluiceConfig().isEmpty()) {
            b.append(",\"sluice\":\"").append(o.sluiceConfig()).append('"');
        }
        if (r.shape == Shape.SLUICE && o.sinkMaxPending() > 0) {
            b.append(",\"sink_max_pending\":").append(o.sinkMaxPending());
        }
        b.append('}');
        System.out.println(b);
    }

    /** Prints sluice / limit of the round; returns that of records/s (throughput) or of p99 (latency). */
    private static double printRatio(Result limit, Result sluice) {
        if (limit.latencyNs == null) {
            double ratio = sluice.recordsPerSecond() / limit.recordsPerSecond();
            System.out.printf(Locale.ROOT, "RATIO {\"sluice_over_limit_records_per_s\":%.3f,"
                            + "\"sluice_over_limit_first_to_last\":%.3f}%n",
                    ratio, limit.firstToLastSeconds / sluice.firstToLastSeconds);
            return ratio;
        } else {
            System.out.printf(Locale.ROOT, "RATIO {\"sluice_over_limit_p50\":%.2f,\"sluice_over_limit_p99\":%.2f,"
                            + "\"sluice_over_limit_p999\":%.2f}%n",
                    (double) sluice.latencyNs.getValueAtPercentile(50) / limit.latencyNs.getValueAtPercentile(50),
                    (double) sluice.latencyNs.getValueAtPercentile(99) / limit.latencyNs.getValueAtPercentile(99),
                    (double) sluice.latencyNs.getValueAtPercentile(99.9) / limit.latencyNs.getValueAtPercentile(99.9));
            return (double) sluice.latencyNs.getValueAtPercentile(99) / limit.latencyNs.getValueAtPercentile(99);
        }
    }

    /** Per shape the median [min–max] over the rounds, and the median of the rounds' ratios. */
    private static void printSummary(Map<Shape, List<Result>> all, List<Double> ratios, KafkaBenchOptions o) {
        StringBuilder b = new StringBuilder("SUMMARY {\"rounds\":").append(o.rounds());
        for (Map.Entry<Shape, List<Result>> e : all.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (Result r : e.getValue()) {
                values.add(o.latency() ? r.latencyNs.getValueAtPercentile(99) / 1e6 : r.recordsPerSecond());
            }
            Collections.sort(values);
            b.append(String.format(Locale.ROOT, ",\"%s_%s\":\"%.3f [%.3f-%.3f]\"", label(e.getKey()),
                    o.latency() ? "p99_ms" : "records_per_s", median(values), values.get(0),
                    values.get(values.size() - 1)));
        }
        if (!ratios.isEmpty()) {
            List<Double> sorted = new ArrayList<>(ratios);
            Collections.sort(sorted);
            b.append(String.format(Locale.ROOT, ",\"median_ratio_%s\":%.3f", o.latency() ? "p99" : "records_per_s",
                    median(sorted)));
        }
        System.out.println(b.append('}'));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String label(Shape shape) {
        return shape.name().toLowerCase(Locale.ROOT);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception unknown) {
            // not Linux: the model is not known
        }
        return "unknown";
    }
}
