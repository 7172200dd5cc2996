package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.Engine;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.RunConfig;
import io.sluice.benchmarks.harness.W1Functions;
import io.sluice.benchmarks.harness.Workload;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The workloads as Apache Flink jobs, each run in a local MiniCluster in this JVM (no web UI, heap
 * state backend, default chaining, Flink's defaults unless {@link RunConfig} says otherwise), with
 * the same events, functions and sinks as the Sluice side. {@link #run} returns when the job has
 * finished and throws if it failed; jobs never restart, so a failure is never hidden by a replay.
 */
public final class FlinkEngine implements Engine {

    /**
     * Flink's INFO logging (cluster start-up, task state changes) is noise beside a benchmark, and so
     * are a few WARN lines of every local run: no delegation tokens, no log file for the web UI, and
     * (W4) a checkpoint the timer triggers while the tasks of the finished job shut down, which fails
     * with a stack trace. A checkpoint failure that matters still fails the job (no tolerated
     * checkpoint failures, no restarts), and W4 prints how far its checkpoints got. slf4j-simple reads
     * a logger's level from system properties when the logger is created, so this works as long as it
     * runs before the first job; {@code -D} settings win.
     */
    private static final String[][] QUIET_LOGGERS = {
            {"org.apache.flink", "warn"},
            {"org.apache.pekko", "warn"},
            {"org.apache.flink.runtime.security.token.DefaultDelegationTokenManager", "error"},
            {"org.apache.flink.runtime.webmonitor.WebMonitorUtils", "error"},
            {"org.apache.flink.runtime.checkpoint.CheckpointFailureManager", "error"},
    };

    static {
        for (String[] logger : QUIET_LOGGERS) {
            String key = "org.slf4j.simpleLogger.log." + logger[0];
            if (System.getProperty(key) == null) {
                System.setProperty(key, logger[1]);
            }
        }
    }

    /** BenchEvent as a Flink POJO (never Kryo: generic types are disabled). */
    static final TypeInformation<BenchEvent> EVENT = TypeInformation.of(BenchEvent.class);

    /** Prefix of the temporary directory a W4 run checkpoints into (deleted when the run ends). */
    static final String CHECKPOINT_DIR_PREFIX = "sluice-flink-checkpoints";

    public FlinkEngine() {
    }

    @Override
    public void run(RunConfig c) throws Exception {
        FlinkRunStats.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        Path checkpoints = null;
        try {
            if (c.workload() == Workload.W4) {
                if (c.checkpointMillis() <= 0) {
                    throw new IllegalArgumentException("W4 needs --checkpoint-ms > 0, was " + c.checkpointMillis());
                }
                checkpoints = Files.createTempDirectory(CHECKPOINT_DIR_PREFIX);
                conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
                conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 0); // Flink's default, made explicit
                // every checkpoint's duration, size, alignment and sync time, from the span Flink reports for it
                conf.set(ConfigOptions.key("traces.reporter.harness.factory.class").stringType().noDefaultValue(),
                        CheckpointSpanReporter.Factory.class.getName());
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(c.parallelism(), conf);
            if (c.objectReuse()) {
                env.getConfig().enableObjectReuse();
            }
            if (c.bufferTimeoutMillis() >= 0) {
                env.setBufferTimeout(c.bufferTimeoutMillis());
            }
            if (checkpoints != null) {
                env.enableCheckpointing(c.checkpointMillis(), CheckpointingMode.EXACTLY_ONCE);
            }
            define(env, c);
            env.execute("harness-" + c.workload());
            if (checkpoints != null) {
                System.err.println("flink " + c.workload() + ": checkpoints completed up to id "
                        + FlinkRunStats.lastCompletedCheckpoint() + " (" + FlinkRunStats.readerSnapshots()
                        + " reader snapshots)");
            }
        } finally {
            if (checkpoints != null) {
                deleteRecursively(checkpoints);
            }
        }
    }

    private static void define(StreamExecutionEnvironment env, RunConfig c) {
        switch (c.workload()) {
            case W1 -> env.fromSource(GeneratorSource.throughput(c.totalEvents(), c.keys()),
                            WatermarkStrategy.noWatermarks(), "generator", EVENT)
                    .map(W1Functions::triple).returns(EVENT)
                    .filter(W1Functions::isEven)
                    .map(W1Functions::plusOne).returns(EVENT)
                    .sinkTo(HarnessSink.counting());
            case W2 -> env.fromSource(GeneratorSource.throughput(c.totalEvents(), c.keys()),
                            WatermarkStrategy.<BenchEvent>forBoundedOutOfOrderness(Duration.ofMillis(100))
                                    .withTimestampAssigner((e, ts) -> e.timestamp), "generator", EVENT)
                    .keyBy(e -> e.key, Types.LONG)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .reduce(W1Functions::sum).returns(EVENT)
                    .sinkTo(HarnessSink.counting());
            case W5 -> timed(env, c, 100)
                    .keyBy(e -> e.key, Types.LONG)
                    .window(SlidingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofMillis(200)))
                    .reduce(W1Functions::sumIntoNew).returns(EVENT)
                    .sinkTo(HarnessSink.counting());
            case W6 -> timed(env, c, Generator.SESSION_JITTER_MS)
                    .keyBy(e -> e.key, Types.LONG)
                    .window(EventTimeSessionWindows.withGap(Duration.ofMillis(Generator.sessionGapMillis(c.keys()))))
                    .reduce(W1Functions::sumKeepingEarliest).returns(EVENT)
                    .sinkTo(HarnessSink.counting());
            case W7 -> timed(env, c, 100)
                    .keyBy(e -> e.key, Types.LONG)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .reduce(W1Functions::sum).returns(EVENT)
                    .keyBy(W1Functions::windowEnd, Types.LONG)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .reduce(W1Functions::sumKeepingEarliest).returns(EVENT)
                    .sinkTo(HarnessSink.counting());
            case W3, W4 -> env.fromSource(GeneratorSource.fixedRate(c.totalEvents(), c.keys(), c.rate()),
                            WatermarkStrategy.noWatermarks(), "fixed-rate generator", EVENT)
                    .keyBy(e -> e.key, Types.LONG)
                    .process(new RunningSum()).returns(EVENT)
                    .sinkTo(HarnessSink.latency(c.warmupSeconds()));
        }
    }

    /** The generator of a windowed workload, its events timed with bounded out-of-orderness watermarks. */
    private static DataStream<BenchEvent> timed(StreamExecutionEnvironment env, RunConfig c, long outOfOrdernessMs) {
        return env.fromSource(GeneratorSource.throughput(c.totalEvents(), c.keys(), c.workload().shape()),
                WatermarkStrategy.<BenchEvent>forBoundedOutOfOrderness(Duration.ofMillis(outOfOrdernessMs))
                        .withTimestampAssigner((e, ts) -> e.timestamp), "generator", EVENT);
    }

    /** Best effort: a checkpoint directory left behind is reported, never the run's failure. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("flink: could not delete checkpoint directory " + dir + ": " + e);
        }
    }
}
