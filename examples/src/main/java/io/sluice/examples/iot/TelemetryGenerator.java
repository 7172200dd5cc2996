package io.sluice.examples.iot;

import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;
import io.sluice.examples.common.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Makes sensor readings of a fleet of devices, the same for the same seed: each device measures
 * temperature, humidity and pressure once a second around a baseline of its own. Readings arrive up
 * to {@link TelemetryRules#OUT_OF_ORDERNESS_MS} out of order; about 1% arrive later than that
 * (within the allowed lateness or not) and 0.5% much later, beyond it. About a third of the devices
 * fall silent once for 45 to 65 seconds and come back, and rare readings are anomalies, 15 to 25
 * times the series' noise away from its baseline. What was injected is recorded in the result.
 *
 * <pre>
 * TelemetryGenerator --out DIR [--kafka HOST:PORT [--topics PREFIX]] [--devices N] [--seconds S] [--seed N]
 * </pre>
 * writes the queues {@code DIR/readings} and {@code DIR/devices} (or the Kafka topics
 * {@code PREFIX-readings} and {@code PREFIX-devices}) and the file {@code DIR/ground-truth.txt}.
 */
public final class TelemetryGenerator {

    /** 2026-01-01T00:00:00Z: readings start here, so that a seed always gives the same timestamps. */
    public static final long DEFAULT_START_MS = 1_767_225_600_000L;
    static final String[] SENSORS = {"temperature", "humidity", "pressure"};
    private static final String[] SITES = {"berlin", "lisbon", "oslo"};
    private static final long INTERVAL_MS = 1_000;
    private static final double ANOMALY_RATE = 0.003;
    private static final double LATE_RATE = 0.005;
    private static final double LAGGING_RATE = 0.01;
    /** Readings this close to a silence are never delayed beyond the out-of-orderness. */
    private static final long CALM_AROUND_SILENCE_MS = 5_000;

    static final String USAGE = "usage: TelemetryGenerator --out DIR [--kafka HOST:PORT [--topics PREFIX]]"
            + " [--devices N] [--seconds S] [--seed N]"
            + "\n  --out DIR      writes the queues DIR/readings and DIR/devices and DIR/ground-truth.txt"
            + "\n  --kafka H:P    writes the topics PREFIX-readings and PREFIX-devices (new) instead of the queues"
            + "\n  --topics P     the prefix of those topics (default iot)"
            + "\n  --devices N    how many devices (default 12)"
            + "\n  --seconds S    how many seconds of event time (default 300)"
            + "\n  --seed N       the random seed (default 1)";

    private final int devices;
    private final long durationMs;
    private final long seed;
    private final long startMs;

    /**
     * @param devices  how many devices, at least 2 (a silent device's silence is seen through the others' watermark)
     * @param seconds  how many seconds of event time; silences need more than 120
     * @param seed     the random seed
     */
    public TelemetryGenerator(int devices, long seconds, long seed) {
        this(devices, seconds, seed, DEFAULT_START_MS);
    }

    public TelemetryGenerator(int devices, long seconds, long seed, long startMs) {
        if (devices < 2 || devices > 999) {
            throw new IllegalArgumentException("devices must be 2 to 999, got " + devices);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be at least 1, got " + seconds);
        }
        this.devices = devices;
        this.durationMs = seconds * 1000;
        this.seed = seed;
        this.startMs = startMs;
    }

    public static void main(String[] args) throws Exception {
        try {
            Flags flags = Flags.parse(args, USAGE, "out", "devices", "seconds", "seed", "kafka", "topics");
            if (!flags.has("out")) {
                throw flags.usageError("--out DIR is required");
            }
            Path out = Path.of(flags.get("out", null));
            GeneratedTelemetry t = new TelemetryGenerator((int) flags.getPositiveLong("devices", 12),
                    flags.getPositiveLong("seconds", 300), flags.getPositiveLong("seed", 1)).generate();
            Files.createDirectories(out);
            if (flags.has("kafka")) {
                new TelemetryTopics(flags.get("kafka", null), flags.get("topics", "iot")).write(t);
            } else {
                t.writeTo(out.resolve("readings"), out.resolve("devices"));
            }
            t.writeGroundTruth(out.resolve("ground-truth.txt"));
            System.err.printf("telemetry-generator: %d readings of %d devices into %s (%d silences, %d anomalies,"
                    + " %d late readings)%n", t.readings().size(), t.devices().size(), out.toAbsolutePath(),
                    t.silences().size(), t.anomalies().size(), t.late().size());
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(Launcher.USAGE_EXIT_STATUS);
        }
    }

    /** A reading and when it arrives. */
    private record Arrival(Reading reading, long arrivalMs, long sequence) {
    }

    public GeneratedTelemetry generate() {
        Random random = new Random(seed);
        List<DeviceInfo> infos = new ArrayList<>();
        double[][] baseline = new double[devices][SENSORS.length];
        double[][] noise = new double[devices][SENSORS.length];
        long[] phaseMs = new long[devices];
        long[] silentFromMs = new long[devices];
        long[] silentToMs = new long[devices];
        for (int d = 0; d < devices; d++) {
            String id = String.format("d-%02d", d + 1);
            String site = SITES[d % SITES.length] + "-" + (1 + random.nextInt(3));
            infos.add(new DeviceInfo(id, site, 4 + random.nextInt(3)));
            baseline[d][0] = round(18 + random.nextDouble() * 8);
            baseline[d][1] = round(35 + random.nextDouble() * 25);
            baseline[d][2] = round(990 + random.nextDouble() * 40);
            for (int s = 0; s < SENSORS.length; s++) {
                noise[d][s] = 0.2 + random.nextDouble() * 0.8;
            }
            phaseMs[d] = random.nextInt((int) INTERVAL_MS);
            silentFromMs[d] = Long.MAX_VALUE;
            silentToMs[d] = Long.MAX_VALUE;
            if (durationMs > 120_000 && random.nextInt(3) == 0) {
                silentFromMs[d] = 30_000 + random.nextLong(durationMs - 120_000) / INTERVAL_MS * INTERVAL_MS;
                silentToMs[d] = silentFromMs[d] + 45_000 + random.nextInt(21) * INTERVAL_MS;
            }
        }

        List<Arrival> arrivals = new ArrayList<>();
        List<Reading> anomalies = new ArrayList<>();
        int[][] generated = new int[devices][SENSORS.length];
        long sequence = 0;
        for (long t = 0; t < durationMs; t += INTERVAL_MS) {
            for (int d = 0; d < devices; d++) {
                if (t >= silentFromMs[d] && t < silentToMs[d]) {
                    continue;
                }
                boolean calm = Math.abs(t - silentFromMs[d]) <= CALM_AROUND_SILENCE_MS
                        || Math.abs(t - silentToMs[d]) <= CALM_AROUND_SILENCE_MS;
                long timeMs = startMs + t + phaseMs[d];
                for (int s = 0; s < SENSORS.length; s++) {
                    double value = round(baseline[d][s] + (random.nextDouble() * 2 - 1) * noise[d][s]);
                    boolean anomaly = generated[d][s] >= 3 * TelemetryRules.WARM_UP_READINGS / 2
                            && random.nextDouble() < ANOMALY_RATE;
                    if (anomaly) {
                        double away = (15 + random.nextDouble() * 10) * noise[d][s];
                        value = round(baseline[d][s] + (random.nextBoolean() ? away : -away));
                    }
                    generated[d][s]++;
                    Reading reading = new Reading(infos.get(d).device(), SENSORS[s], value, timeMs);
                    if (anomaly) {
                        anomalies.add(reading);
                    }
                    arrivals.add(new Arrival(reading, timeMs + delayMs(random, calm), sequence++));
                }
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::arrivalMs).thenComparingLong(Arrival::sequence));
        List<Reading> readings = arrivals.stream().map(Arrival::reading).toList();
        return new GeneratedTelemetry(readings, List.copyOf(infos), silences(readings, infos, silentFromMs,
                silentToMs), List.copyOf(anomalies), late(readings));
    }

    private static long delayMs(Random random, boolean calm) {
        double draw = random.nextDouble();
        if (!calm && draw < LATE_RATE) {
            return TelemetryRules.WINDOW_MS + TelemetryRules.OUT_OF_ORDERNESS_MS + TelemetryRules.ALLOWED_LATENESS_MS
                    + 1_000 + random.nextInt(10_000);
        }
        if (!calm && draw < LATE_RATE + LAGGING_RATE) {
            return TelemetryRules.OUT_OF_ORDERNESS_MS + random.nextInt((int) TelemetryRules.ALLOWED_LATENESS_MS);
        }
        return random.nextInt((int) TelemetryRules.OUT_OF_ORDERNESS_MS);
    }

    private List<GeneratedTelemetry.Silence> silences(List<Reading> readings, List<DeviceInfo> infos,
                                                      long[] silentFromMs, long[] silentToMs) {
        List<GeneratedTelemetry.Silence> silences = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            if (silentFromMs[d] == Long.MAX_VALUE) {
                continue;
            }
            String device = infos.get(d).device();
            long from = startMs + silentFromMs[d];
            long lastSeen = Long.MIN_VALUE;
            Long back = null;
            for (Reading r : readings) {
                if (!r.device().equals(device)) {
                    continue;
                }
                if (r.timeMs() < from) {
                    lastSeen = Math.max(lastSeen, r.timeMs());
                } else if (back == null) {
                    back = r.timeMs();
                }
            }
            if (back != null) {
                silences.add(new GeneratedTelemetry.Silence(device, lastSeen, back));
            }
        }
        return silences;
    }

    /** The readings dropped by the windows: replays the job's watermark over the arrival order. */
    static List<Reading> late(List<Reading> readings) {
        List<Reading> late = new ArrayList<>();
        long maxTime = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (Reading r : readings) {
            if (TelemetryRules.isLate(r.timeMs(), watermark)) {
                late.add(r);
            }
            maxTime = Math.max(maxTime, r.timeMs());
            watermark = Math.max(watermark, TelemetryRules.watermarkAfter(maxTime));
        }
        return late;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** How many readings per second of event time the fleet makes (when none is silent). */
    public static long readingsPerSecond(int devices) {
        return (long) devices * SENSORS.length;
    }
}
