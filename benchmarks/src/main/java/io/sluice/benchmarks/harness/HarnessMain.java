package io.sluice.benchmarks.harness;

import io.sluice.benchmarks.harness.flink.FlinkEngine;
import io.sluice.benchmarks.harness.limit.LimitEngine;
import io.sluice.benchmarks.harness.sluice.SluiceEngine;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * Runs one workload on one engine in this JVM and prints one {@code RESULT} line per measured run:
 * {@code HarnessMain --engine sluice|flink|limit --workload W1..W7 [options]} (see
 * {@link RunConfig}). Throughput workloads run {@code --warmup-runs} whole jobs first and discard
 * them; latency workloads discard their first {@code --warmup-s} seconds. A run whose sinks did not
 * see exactly the expected output fails with exit code 1.
 */
public final class HarnessMain {

    private HarnessMain() {
    }

    public static void main(String[] args) throws Exception {
        RunConfig config;
        try {
            config = RunConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("harness: " + e.getMessage());
            System.err.println("usage: HarnessMain --engine sluice|flink|limit --workload W1..W7 [--parallelism N]"
                    + " [--events N] [--keys N] [--rate N] [--warmup-s S] [--measure-s S] [--checkpoint-ms MS]"
                    + " [--object-reuse true|false] [--buffer-timeout-ms MS] [--warmup-runs N]");
            System.exit(2);
            return;
        }
        Engine engine = engine(config.engine());
        if (!engine.supports(config.workload())) {
            System.out.println("SKIP " + config.engine() + " " + config.workload() + ": "
                    + engine.unsupportedReason(config.workload()));
            return;
        }
        try {
            for (int i = 0; i < config.warmupRuns(); i++) {
                runOnce(engine, config);
            }
            System.out.println(runOnce(engine, config).toLine());
        } catch (RunMismatchException e) {
            System.err.println("harness: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0); // engines may leave non-daemon threads behind
    }

    public static Engine engine(String name) {
        return switch (name) {
            case "sluice" -> new SluiceEngine();
            case "flink" -> new FlinkEngine();
            case "limit" -> new LimitEngine();
            default -> throw new IllegalArgumentException("unknown engine '" + name + "': sluice, flink or limit");
        };
    }

    /** Runs one job and checks its output; the result of a run that lost or duplicated events is an exception. */
    public static Result runOnce(Engine engine, RunConfig config) throws Exception {
        RunClock.reset();
        CountingConsumer.reset();
        LatencyRecorder.reset();
        CheckpointStats.reset();
        engine.run(config);
        long start = RunClock.startNanos();
        long end = RunClock.endNanos();
        if (start == 0 || end <= start) {
            throw new RunMismatchException(config.engine() + " " + config.workload()
                    + ": the run did not report its start and end (sources must call RunClock.start, sinks finish)");
        }
        Expectation expected = Expectation.of(config);
        boolean latency = config.workload().measuresLatency();
        long count = latency ? LatencyRecorder.count() : CountingConsumer.count();
        long checksum = latency ? LatencyRecorder.checksum() : CountingConsumer.checksum();
        String mismatch = expected.mismatch(count, checksum);
        if (mismatch != null) {
            throw new RunMismatchException(config.engine() + " " + config.workload() + ": " + mismatch);
        }
        double seconds = (end - start) / 1e9;
        Histogram histogram = latency ? LatencyRecorder.merged() : null;
        double eventsPerSecond = config.totalEvents() / seconds;
        Map<String, Object> checkpoints = Map.of();
        if (config.workload() == Workload.W4) {
            // the checkpoints learnt of while the measured events were due: those that can show in the latencies
            long from = start + config.warmupSeconds() * 1_000_000_000L;
            long to = from + config.measureSeconds() * 1_000_000_000L;
            checkpoints = CheckpointStats.figures(from, to);
            System.err.println(CheckpointStats.summary(config.engine(), config.workload(), checkpoints));
        }
        return new Result(config.engine(), config.workload(), config.describe(), eventsPerSecond, histogram,
                checkpoints);
    }

    /** A run whose sinks saw other output than expected. */
    public static final class RunMismatchException extends Exception {
        public RunMismatchException(String message) {
            super(message);
        }
    }
}
