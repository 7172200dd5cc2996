package io.sluice.examples.iot;

import io.sluice.api.DataStream;
import io.sluice.api.Job;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.connector.Source;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.connectors.chronicle.ChronicleQueueSink;
import io.sluice.connectors.chronicle.ChronicleQueueSource;
import io.sluice.connectors.console.ConsoleSink;
import io.sluice.connectors.kafka.KafkaSource;
import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * IoT telemetry: sensor readings of a fleet of devices, out of order and some late, with the device
 * registry as a second input. Per device and sensor, 10-second tumbling min/avg/max windows in event
 * time with allowed lateness (late readings to a side output, counted); readings joined with their
 * device's record; an alert when a reading departs from its series' recent mean by more than the
 * device's limit of standard deviations; an alert when a device sends nothing for 30 seconds of event
 * time, and another when it comes back. Window results, alerts and late readings go exactly once to a
 * Chronicle queue; alerts and a status line every second go to the console.
 *
 * <pre>
 * IotTelemetry [--seconds S] [--speedup X] [--devices N] [--seed N] [--data-dir DIR]
 * IotTelemetry ... --kafka HOST:PORT [--topics PREFIX]
 * IotTelemetry --input DIR [--data-dir DIR]
 * </pre>
 */
public final class IotTelemetry implements Job {

    static final String USAGE = "usage: IotTelemetry [--seconds S] [--speedup X] [--devices N] [--seed N]"
            + " [--kafka HOST:PORT [--topics PREFIX]] [--data-dir DIR] | --input DIR [--data-dir DIR]"
            + "\n  --seconds S     how long the run lasts: S*X seconds of readings are generated (default 20)"
            + "\n  --speedup X     event time runs X times faster than the clock while they are replayed (default 10)"
            + "\n  --devices N     how many devices (default 12)"
            + "\n  --seed N        the generator's seed (default 1)"
            + "\n  --input DIR     read the queues DIR/readings and DIR/devices (from TelemetryGenerator) instead,"
            + " as fast as they go"
            + "\n  --kafka H:P     read the readings and devices from the Kafka topics PREFIX-readings and"
            + " PREFIX-devices"
            + " on the broker H:P, generating them first when they do not exist"
            + "\n  --topics PREFIX the prefix of those topics (default iot)"
            + "\n  --data-dir DIR  where the generated queues, the output queue (DIR/output) and the checkpoints go"
            + " (default: a new temporary directory)";

    /** The side output of the readings that came too late for their window. */
    static final OutputTag<Reading> LATE_READINGS = new OutputTag<>("late-readings");

    /** How often the status line is printed. */
    static final long STATUS_INTERVAL_MS = 1_000;

    /**
     * Where the job reads and writes.
     *
     * @param readingsQueue     the readings, one line each ({@link TelemetryLines}), unless read from Kafka
     * @param devicesQueue      the device registry, unless read from Kafka
     * @param outputQueue       where window results, alerts and late readings go, exactly once
     * @param readingsPerSecond the pace of the replay, or 0 to read as fast as possible
     * @param statusIntervalMs  how often the status line is printed
     * @param kafka             the topics to read instead of the queues, or null
     */
    public record Settings(Path readingsQueue, Path devicesQueue, Path outputQueue, long readingsPerSecond,
                           long statusIntervalMs, TelemetryTopics kafka) {

        /** Reading the queues. */
        public Settings(Path readingsQueue, Path devicesQueue, Path outputQueue, long readingsPerSecond,
                        long statusIntervalMs) {
            this(readingsQueue, devicesQueue, outputQueue, readingsPerSecond, statusIntervalMs, null);
        }
    }

    public static void main(String[] args) throws Exception {
        Launcher.run(new IotTelemetry(), "iot-telemetry", args);
    }

    @Override
    public void define(StreamEnvironment env, String[] args) throws Exception {
        Flags flags = Flags.parse(args, USAGE, "seconds", "speedup", "devices", "seed", "input", "data-dir", "kafka",
                "topics");
        Path dataDir = flags.has("data-dir") ? Path.of(flags.get("data-dir", null))
                : Files.createTempDirectory("sluice-iot-");
        Path output = dataDir.resolve("output");
        if (Files.exists(output)) {
            throw flags.usageError("the data directory " + dataDir + " already holds an output queue; pass a new"
                    + " --data-dir or leave it out");
        }
        Settings settings;
        if (flags.has("topics") && !flags.has("kafka")) {
            throw flags.usageError("--topics names Kafka topics; it goes with --kafka HOST:PORT");
        }
        if (flags.has("kafka")) {
            if (flags.has("input")) {
                throw flags.usageError("--input reads queues; it does not go with --kafka");
            }
            TelemetryTopics topics = new TelemetryTopics(flags.get("kafka", null), flags.get("topics", "iot"));
            if (topics.exist()) {
                refuseGeneratorFlags(flags, "the topics " + topics.readings() + " and " + topics.devices() + " exist");
                settings = new Settings(null, null, output, 0, STATUS_INTERVAL_MS, topics);
            } else {
                settings = generate(flags, dataDir, output, topics);
            }
        } else if (flags.has("input")) {
            refuseGeneratorFlags(flags, "--input names queues to read");
            Path input = Path.of(flags.get("input", null));
            if (!Files.isDirectory(input.resolve("readings")) || !Files.isDirectory(input.resolve("devices"))) {
                throw flags.usageError("--input " + input + " must hold the queues readings/ and devices/;"
                        + " make them with bin/sluice run io.sluice.examples.iot.TelemetryGenerator --out " + input);
            }
            settings = new Settings(input.resolve("readings"), input.resolve("devices"), output, 0, STATUS_INTERVAL_MS);
        } else {
            settings = generate(flags, dataDir, output, null);
        }
        Configuration config = env.config();
        if (!config.contains(CheckpointingOptions.INTERVAL)) {
            config.set(CheckpointingOptions.INTERVAL, Duration.ofSeconds(1));
        }
        if (!config.contains(CheckpointingOptions.DIRECTORY)) {
            config.set(CheckpointingOptions.DIRECTORY, dataDir.resolve("checkpoints").toString());
        }
        System.err.println("iot-telemetry: results, alerts and late readings go to the queue " + output
                + " (bin/sluice queue tail " + output + " --from-start --committed)");
        build(env, settings);
    }

    private static void refuseGeneratorFlags(Flags flags, String why) {
        for (String flag : new String[] {"seconds", "speedup", "devices", "seed"}) {
            if (flags.has(flag)) {
                throw flags.usageError("--" + flag + " is for generated readings, but " + why
                        + ", which are read as they are; leave it out");
            }
        }
    }

    /** Generates readings into the queues in {@code dataDir}, or into the Kafka topics when given. */
    private static Settings generate(Flags flags, Path dataDir, Path output, TelemetryTopics kafka) throws Exception {
        long seconds = flags.getPositiveLong("seconds", 20);
        long speedup = flags.getPositiveLong("speedup", 10);
        long devices = flags.getPositiveLong("devices", 12);
        if (devices < 2 || devices > 999) {
            throw flags.usageError("--devices must be 2 to 999, got " + devices);
        }
        if (seconds > 86_400 || speedup > 1_000) {
            throw flags.usageError("--seconds is at most 86400 and --speedup at most 1000");
        }
        GeneratedTelemetry telemetry = new TelemetryGenerator((int) devices, seconds * speedup,
                flags.getPositiveLong("seed", 1)).generate();
        Files.createDirectories(dataDir);
        Path readings = dataDir.resolve("readings");
        Path registry = dataDir.resolve("devices");
        if (kafka != null) {
            kafka.write(telemetry);
        } else if (Files.exists(readings) || Files.exists(registry)) {
            throw flags.usageError("the data directory " + dataDir + " already holds queues; pass a new --data-dir,"
                    + " or --input " + dataDir + " to read them again");
        } else {
            telemetry.writeTo(readings, registry);
        }
        writeGroundTruth(telemetry, dataDir);
        System.err.printf("iot-telemetry: generated %d readings of %d devices into %s, %d s of event time replayed"
                        + " %dx (injected: %d silences, %d anomalies, %d late readings; see %s)%n",
                telemetry.readings().size(), devices, kafka == null ? "queues in " + dataDir
                        : "the topics " + kafka.readings() + " and " + kafka.devices() + " on "
                                + kafka.bootstrapServers(),
                seconds * speedup, speedup, telemetry.silences().size(),
                telemetry.anomalies().size(), telemetry.late().size(), dataDir.resolve("ground-truth.txt"));
        return new Settings(readings, registry, output, TelemetryGenerator.readingsPerSecond((int) devices) * speedup,
                STATUS_INTERVAL_MS, kafka);
    }

    private static void writeGroundTruth(GeneratedTelemetry telemetry, Path dataDir) throws IOException {
        telemetry.writeGroundTruth(dataDir.resolve("ground-truth.txt"));
    }

    /** Defines the dataflow on {@code env}. */
    public static void build(StreamEnvironment env, Settings s) {
        build(env, s, null);
    }

    /** Defines the dataflow, with {@code readingProbe} (when not null) called on each reading as it is read. */
    static void build(StreamEnvironment env, Settings s, MapFunction<Reading, Reading> readingProbe) {
        Source<Reading, ?> readingSource;
        Source<DeviceInfo, ?> deviceSource;
        if (s.kafka() == null) {
            readingSource = ChronicleQueueSource.forRecords(s.readingsQueue(), TelemetryLines.readings())
                    .bounded().build();
            deviceSource = ChronicleQueueSource.forRecords(s.devicesQueue(), TelemetryLines.devices())
                    .bounded().build();
        } else {
            readingSource = KafkaSource.builder(s.kafka().bootstrapServers(), TelemetryLines.readings())
                    .topics(s.kafka().readings()).bounded().build();
            deviceSource = KafkaSource.builder(s.kafka().bootstrapServers(), TelemetryLines.devices())
                    .topics(s.kafka().devices()).bounded().build();
        }
        if (s.readingsPerSecond() > 0) {
            readingSource = new PacedSource<>(readingSource, s.readingsPerSecond());
        }
        // One subtask stamps event time, so that each reading meets the same watermark in every run.
        DataStream<Reading> read = env.fromSource(readingSource, WatermarkStrategy.noWatermarks(), "readings")
                .uid("readings").setParallelism(1);
        if (readingProbe != null) {
            read = read.map(readingProbe).name("probe").setParallelism(1);
        }
        DataStream<Reading> readings = read
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forGenerator(PunctuatedWatermarks::new)
                        .withTimestampAssigner((r, ts) -> r.timeMs()))
                .name("event-time").uid("event-time").setParallelism(1);
        DataStream<DeviceInfo> devices = env.fromSource(deviceSource, WatermarkStrategy.noWatermarks(), "devices")
                .uid("devices").setParallelism(1);

        DataStream<WindowStats> windows = readings
                .keyBy(Reading::series)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(TelemetryRules.WINDOW_MS)))
                .allowedLateness(Duration.ofMillis(TelemetryRules.ALLOWED_LATENESS_MS))
                .sideOutputLateData(LATE_READINGS)
                .aggregate(new MinAvgMax(), new SeriesWindow())
                .name("window-stats").uid("window-stats");
        DataStream<Reading> late = windows.getSideOutput(LATE_READINGS)
                .map(new CountLateReadings()).name("late-readings").uid("late-readings");

        DataStream<Alert> silences = readings
                .keyBy(Reading::device)
                .process(new SilenceDetector()).name("silence").uid("silence");
        DataStream<Alert> anomalies = readings.keyBy(Reading::device)
                .connect(devices.keyBy(DeviceInfo::device))
                .process(new DeviceEnricher()).name("enrich").uid("enrich")
                .keyBy(EnrichedReading::series)
                .process(new AnomalyDetector()).name("anomalies").uid("anomalies");
        DataStream<Alert> alerts = silences.union(anomalies);

        windows.map(WindowStats::toString).name("window-lines")
                .union(alerts.map(Alert::toString).name("alert-lines"),
                        late.map(r -> "LATE " + TelemetryLines.format(r)).name("late-lines"))
                .sinkTo(ChronicleQueueSink.forRecords(s.outputQueue(), TelemetryLines.utf8()).exactlyOnce().build())
                .name("output").uid("output").setParallelism(1);

        readings.map(r -> Progress.READING).name("count-readings")
                .union(windows.map(w -> Progress.WINDOW).name("count-windows"),
                        alerts.map(Progress::alert).name("count-alerts"),
                        late.map(r -> Progress.LATE).name("count-late"))
                .keyBy(p -> StatusReporter.ALL)
                .process(new StatusReporter(s.statusIntervalMs())).name("status").uid("status").setParallelism(1)
                .sinkTo(ConsoleSink.<String>stdout().withFlushOnEveryLine()).name("print").setParallelism(1);
    }
}
