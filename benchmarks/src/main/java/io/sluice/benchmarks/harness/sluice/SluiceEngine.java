package io.sluice.benchmarks.harness.sluice;

import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ConfigRegistry;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CheckpointStats;
import io.sluice.benchmarks.harness.Engine;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.RunConfig;
import io.sluice.benchmarks.harness.W1Functions;
import io.sluice.benchmarks.harness.Workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The workloads as Sluice jobs, run in this JVM with busy-spinning workers (one per core). Sluice
 * options given as system properties ({@code -Dexecution.chain-specialization=false}) override.
 *
 * <p>W4 is W3 with exactly-once checkpoints every {@code --checkpoint-ms} (aligned unless
 * {@code -Dcheckpoint.mode=UNALIGNED}) into a temporary directory deleted when the run ends; no
 * restarts, so a failure fails the run. The job client shows only its newest checkpoint's figures,
 * so the harness thread, which has nothing else to do while the job runs, samples them every
 * {@value #SAMPLE_MS} ms into {@link CheckpointStats}.
 */
public final class SluiceEngine implements Engine {

    /** Prefix of the temporary directory a W4 run checkpoints into. */
    public static final String CHECKPOINT_DIR_PREFIX = "sluice-harness-checkpoints";

    /** How often W4 samples the job's checkpoint figures: well below the 1 s interval, so each is seen. */
    static final long SAMPLE_MS = 200;

    @Override
    public void run(RunConfig c) throws Exception {
        if (c.workload() != Workload.W4) {
            execute(c, null);
            return;
        }
        if (c.checkpointMillis() <= 0) {
            throw new IllegalArgumentException("W4 needs --checkpoint-ms > 0, was " + c.checkpointMillis());
        }
        Path checkpoints = Files.createTempDirectory(CHECKPOINT_DIR_PREFIX);
        try {
            execute(c, checkpoints);
        } finally {
            deleteRecursively(checkpoints);
        }
    }

    private static void execute(RunConfig c, Path checkpoints) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(c.parallelism());
        env.set(ExecutionOptions.IDLE_STRATEGY, ExecutionOptions.IdleStrategyKind.BUSY_SPIN);
        if (checkpoints != null) {
            env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(c.checkpointMillis()))
                    .set(CheckpointingOptions.DIRECTORY, checkpoints.toString())
                    .set(CheckpointingOptions.MODE, CheckpointingOptions.CheckpointMode.ALIGNED)
                    .set(RestartOptions.STRATEGY, RestartOptions.Strategy.NONE);
        }
        // any Sluice option given as a system property (-Dexecution.batch-size=64) overrides; the
        // result line records the JVM's arguments, so such a run says so
        for (String key : System.getProperties().stringPropertyNames()) {
            if (ConfigRegistry.find(key) != null) {
                env.config().set(key, System.getProperty(key));
            }
        }
        switch (c.workload()) {
            case W1 -> env.fromSource(GeneratorSource.unlimited(c.totalEvents(), c.keys()),
                            WatermarkStrategy.noWatermarks(), "generator")
                    .map(W1Functions::triple)
                    .filter(W1Functions::isEven)
                    .map(W1Functions::plusOne)
                    .sinkTo(HarnessSinks.counting());
            case W2 -> env.fromSource(GeneratorSource.unlimited(c.totalEvents(), c.keys()),
                            WatermarkStrategy.<BenchEvent>forBoundedOutOfOrderness(Duration.ofMillis(100))
                                    .withTimestampAssigner((e, ts) -> e.timestamp), "generator")
                    .keyBy(e -> e.key)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .reduce(W1Functions::sum)
                    .sinkTo(HarnessSinks.counting());
            case W5 -> timed(env, c, 100)
                    .keyBy(e -> e.key)
                    .window(SlidingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofMillis(200)))
                    .reduce(W1Functions::sumIntoNew)
                    .sinkTo(HarnessSinks.counting());
            case W6 -> timed(env, c, Generator.SESSION_JITTER_MS)
                    .keyBy(e -> e.key)
                    .window(EventTimeSessionWindows.withGap(Duration.ofMillis(Generator.sessionGapMillis(c.keys()))))
                    .reduce(W1Functions::sumKeepingEarliest)
                    .sinkTo(HarnessSinks.counting());
            case W7 -> timed(env, c, 100)
                    .keyBy(e -> e.key)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .reduce(W1Functions::sum)
                    .keyBy(W1Functions::windowEnd)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .reduce(W1Functions::sumKeepingEarliest)
                    .sinkTo(HarnessSinks.counting());
            case W3, W4 -> {
                DataStream<BenchEvent> events = env.fromSource(
                        GeneratorSource.fixedRate(c.totalEvents(), c.keys(), c.rate()),
                        WatermarkStrategy.noWatermarks(), "fixed-rate generator");
                events.keyBy(e -> e.key)
                        .process(new RunningSum())
                        .sinkTo(HarnessSinks.latency(c.warmupSeconds()));
            }
        }
        JobClient job = env.executeAsync("harness-" + c.workload());
        if (checkpoints == null) {
            job.await();
            return;
        }
        CheckpointSampler sampler = new CheckpointSampler();
        while (true) {
            try {
                job.await(Duration.ofMillis(SAMPLE_MS)); // throws if the job failed
                break;
            } catch (TimeoutException running) {
                sampler.sample(job.checkpointMetrics());
            }
        }
        sampler.sample(job.checkpointMetrics());
        if (CheckpointStats.completedCount() == 0) {
            throw new IllegalStateException("W4 on Sluice completed no checkpoint in a " + (c.warmupSeconds()
                    + c.measureSeconds()) + " s run checkpointing every " + c.checkpointMillis()
                    + " ms; lengthen the run (--measure-s) or shorten --checkpoint-ms");
        }
    }

    /** The generator of a windowed workload, its events timed with bounded out-of-orderness watermarks. */
    private static DataStream<BenchEvent> timed(StreamEnvironment env, RunConfig c, long outOfOrdernessMs) {
        return env.fromSource(GeneratorSource.unlimited(c.totalEvents(), c.keys(), c.workload().shape()),
                WatermarkStrategy.<BenchEvent>forBoundedOutOfOrderness(Duration.ofMillis(outOfOrdernessMs))
                        .withTimestampAssigner((e, ts) -> e.timestamp), "generator");
    }

    /** Turns successive samples of the job's checkpoint metrics into one record per checkpoint. */
    static final class CheckpointSampler {
        private long lastId = -1;
        private long completed;
        private long failed;

        void sample(CheckpointMetrics m) {
            long now = System.nanoTime();
            if (m.completed() > completed) {
                long seen = 0;
                if (m.lastCompletedId() != lastId && m.lastCompletedId() >= 0) {
                    CheckpointStats.completed(new CheckpointStats.Checkpoint(now, m.lastCompletedId(),
                            m.lastDurationMs(), m.lastSizeBytes(), m.lastAlignmentMs(), m.lastSyncMs()));
                    lastId = m.lastCompletedId();
                    seen = 1;
                }
                CheckpointStats.completedUnobserved(now, m.completed() - completed - seen);
                completed = m.completed();
            }
            if (m.failed() > failed) {
                CheckpointStats.failed(now, m.failed() - failed);
                failed = m.failed();
            }
        }
    }

    /** Best effort: a checkpoint directory left behind is reported, never the run's failure. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("sluice: could not delete checkpoint directory " + dir + ": " + e);
        }
    }
}
