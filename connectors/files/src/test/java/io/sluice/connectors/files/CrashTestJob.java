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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The job the crash tests ({@link KillNineRecoveryTest} and others) run in a child JVM, through
 * {@code SluiceCli run}:
 * <pre>
 *   CrashTestJob OUTPUT_DIR CHECKPOINT_DIR [--count N] [--per-ms N] [--splits N] [--interval-ms N] [--linger]
 * </pre>
 * Values {@code 0..COUNT-1} from a paced source (about {@value #EXPECTED_RUN_MS} ms for all of them),
 * keyed by {@code v % KEYS}; a counter in keyed state numbers each key's values, and the lines
 * {@code key:seq:value} go through the {@link TwoPhaseCommitFileSink} into {@code OUTPUT_DIR}, at
 * parallelism 2 with a checkpoint every 200 ms into {@code CHECKPOINT_DIR}. Started with
 * {@code --from-checkpoint} (which sets {@code checkpoint.restore-from}) it resumes from the newest
 * complete checkpoint there. When it ends it prints one line starting with {@link #DONE}.
 *
 * <p>Options change the run: {@code --count} values, {@code --per-ms} values per millisecond per
 * reader, {@code --splits} source splits (fewer than the parallelism: a source subtask without a
 * split, which ends at once), {@code --interval-ms} between checkpoints, and {@code --linger}: after
 * the {@link #DONE} line, print {@link #LINGERING} and block until the process is killed, like a
 * program that goes on with other work once its job has finished.
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
    static final String LINGERING = "crash-test-job lingering until killed";

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

    /**
     * The arguments of {@code sluice run} that run this job: {@code sluiceOptions} (such as
     * {@code --from-checkpoint DIR}), this class, its two directories, then {@code jobOptions}.
     */
    static String[] runArgs(List<String> sluiceOptions, Path output, Path checkpoints, String... jobOptions) {
        List<String> args = new ArrayList<>(sluiceOptions);
        args.add(CrashTestJob.class.getName());
        args.add(output.toString());
        args.add(checkpoints.toString());
        args.addAll(List.of(jobOptions));
        return args.toArray(new String[0]);
    }

    /** The settings of one run, from the command line. */
    record Settings(Path output, Path checkpoints, long count, int perMs, int splits, long intervalMs, boolean linger) {

        static Settings parse(String[] args) {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: CrashTestJob OUTPUT_DIR CHECKPOINT_DIR [--count N]"
                        + " [--per-ms N] [--splits N] [--interval-ms N] [--linger]");
            }
            long count = COUNT;
            int perMs = PER_MS;
            int splits = SPLITS;
            long intervalMs = CHECKPOINT_INTERVAL_MS;
            boolean linger = false;
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--count" -> count = Long.parseLong(args[++i]);
                    case "--per-ms" -> perMs = Integer.parseInt(args[++i]);
                    case "--splits" -> splits = Integer.parseInt(args[++i]);
                    case "--interval-ms" -> intervalMs = Long.parseLong(args[++i]);
                    case "--linger" -> linger = true;
                    default -> throw new IllegalArgumentException("unknown CrashTestJob option '" + args[i] + "'");
                }
            }
            return new Settings(Path.of(args[0]), Path.of(args[1]), count, perMs, splits, intervalMs, linger);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(PARALLELISM);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(s.intervalMs()))
                .set(CheckpointingOptions.DIRECTORY, s.checkpoints().toString());
        env.fromSource(new FailingSequenceSource(s.count(), s.splits(), s.perMs(), 0), WatermarkStrategy.noWatermarks(),
                        "sequence")
                .uid("sequence")
                .keyBy(v -> v % KEYS)
                .process(new Numbering()).uid("numbering")
                .sinkTo(TwoPhaseCommitFileSink.forLines(s.output()).build()).uid("files");
        System.out.println("crash-test-job running as pid " + ProcessHandle.current().pid() + ", restore-from '"
                + env.config().get(CheckpointingOptions.RESTORE_FROM) + "'");
        JobClient job = env.executeAsync("crash-test");
        JobResult result = job.await();
        CheckpointMetrics metrics = job.checkpointMetrics();
        System.out.println(DONE + " " + result.status() + ", restored from checkpoint " + metrics.lastRestoredId()
                + ", " + metrics.completed() + " checkpoints completed, in " + result.duration().toMillis() + " ms");
        if (s.linger()) {
            System.out.println(LINGERING);
            System.out.flush();
            new CountDownLatch(1).await(); // nobody counts down: only a kill ends the process
        }
    }
}
