package io.sluice.connectors.files;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The job {@link KillNineRecoveryTest} runs in a child JVM, through {@code SluiceCli run}:
 * <pre>
 *   CrashTestJob OUTPUT_DIR CHECKPOINT_DIR
 * </pre>
 * Values {@code 0..COUNT-1} from a paced source (about {@value #EXPECTED_RUN_MS} ms for all of them),
 * keyed by {@code v % KEYS}; a counter in keyed state numbers each key's values, and the lines
 * {@code key:seq:value} go through the {@link TwoPhaseCommitFileSink} into {@code OUTPUT_DIR}, at
 * parallelism 2 with a checkpoint every 200 ms into {@code CHECKPOINT_DIR}. Started with
 * {@code --from-checkpoint} (which sets {@code checkpoint.restore-from}) it resumes from the newest
 * complete checkpoint there. When it ends it prints one line starting with {@link #DONE}.
 */
public final class CrashTestJob {

    static final long COUNT = 200_000;
    static final int KEYS = 16;
    static final int PARALLELISM = 2;
    static final int SPLITS = 4;
    /** Per reader; two readers: 200,000 / (2 x 15) ms = about 6.7 s for a whole run. */
    static final int PER_MS = 15;
    static final long EXPECTED_RUN_MS = COUNT / (PARALLELISM * PER_MS);
    static final long CHECKPOINT_INTERVAL_MS = 200;
    static final String DONE = "crash-test-job done:";

    private CrashTestJob() {
    }

    /** Numbers the values of each key: 1, 2, 3, ... */
    static final class Numbering extends KeyedProcessFunction<Long, Long, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> seq;

        @Override
        public void open(RuntimeContext ctx) {
            seq = ctx.getState(new ValueStateDescriptor<>("seq", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            Long last = seq.value();
            long n = last == null ? 1 : last + 1;
            seq.update(n);
            out.collect(ctx.getCurrentKey() + ":" + n + ":" + value);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CrashTestJob OUTPUT_DIR CHECKPOINT_DIR");
        }
        Path output = Path.of(args[0]);
        Path checkpoints = Path.of(args[1]);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(PARALLELISM);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(CHECKPOINT_INTERVAL_MS))
                .set(CheckpointingOptions.DIRECTORY, checkpoints.toString());
        env.fromSource(new FailingSequenceSource(COUNT, SPLITS, PER_MS, 0), WatermarkStrategy.noWatermarks(), "sequence")
                .uid("sequence")
                .keyBy(v -> v % KEYS)
                .process(new Numbering()).uid("numbering")
                .sinkTo(TwoPhaseCommitFileSink.forLines(output).build()).uid("files");
        System.out.println("crash-test-job running as pid " + ProcessHandle.current().pid() + ", restore-from '"
                + env.config().get(CheckpointingOptions.RESTORE_FROM) + "'");
        JobClient job = env.executeAsync("crash-test");
        JobResult result = job.await();
        CheckpointMetrics metrics = job.checkpointMetrics();
        System.out.println(DONE + " " + result.status() + ", restored from checkpoint " + metrics.lastRestoredId()
                + ", " + metrics.completed() + " checkpoints completed, in " + result.duration().toMillis() + " ms");
    }
}
