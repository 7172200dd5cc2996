package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyed event-time window job whose source fails on purpose several times, each time after at
 * least two completed checkpoints, with checkpoints every 100 ms: every window result is committed
 * exactly once (after Flink's EventTimeWindowCheckpointingITCase).
 */
class ExactlyOnceRecoveryTest {

    private static final long COUNT = 60_000;
    private static final int KEYS = 5;

    @TempDir
    Path checkpoints;

    /** Sums and counts the values of one key and window. */
    static final class SumWindow extends ProcessWindowFunction<Long, String, Long, TimeWindow> {
        @Override
        public void process(Long key, Context context, Iterable<Long> elements, Collector<String> out) {
            long sum = 0;
            long n = 0;
            for (long v : elements) {
                sum += v;
                n++;
            }
            out.collect(key + "@" + context.window().start() + "=" + sum + "/" + n);
        }
    }

    /** The sum and count of one key and window, folded in two stages when pre-aggregation is on. */
    static final class SumAndCount implements AggregateFunction<Long, long[], long[]> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Long value, long[] acc) {
            acc[0] += value;
            acc[1]++;
            return acc;
        }

        @Override
        public long[] getResult(long[] acc) {
            return acc;
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }
    }

    /** Formats a {@link SumAndCount} result as {@link SumWindow} does. */
    static final class FormatSum extends ProcessWindowFunction<long[], String, Long, TimeWindow> {
        @Override
        public void process(Long key, Context context, Iterable<long[]> results, Collector<String> out) {
            long[] acc = results.iterator().next();
            out.collect(key + "@" + context.window().start() + "=" + acc[0] + "/" + acc[1]);
        }
    }

    /** The window job with {@link SumAndCount} and {@link FormatSum}: source "sequence", window "windows". */
    private static void aggregatedWindows(StreamEnvironment env, FailingSequenceSource source,
                                          TransactionalCollectSink sink) {
        env.fromSource(source, WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(5))
                        .withTimestampAssigner((v, ts) -> v / 10), "sequence").name("sequence")
                .keyBy(v -> v % KEYS)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .aggregate(new SumAndCount(), new FormatSum()).name("windows")
                .sinkTo(sink);
    }

    /** What the job must commit, computed from the input directly. */
    private static List<String> expectedWindows() {
        Map<String, long[]> windows = new TreeMap<>();
        for (long v = 0; v < COUNT; v++) {
            long ts = v / 10;
            String w = (v % KEYS) + "@" + (ts / 100 * 100);
            long[] acc = windows.computeIfAbsent(w, k -> new long[2]);
            acc[0] += v;
            acc[1]++;
        }
        List<String> out = new ArrayList<>();
        windows.forEach((w, acc) -> out.add(w + "=" + acc[0] + "/" + acc[1]));
        out.sort(null);
        return out;
    }

    @Test
    void everyWindowResultIsCommittedExactlyOnceAcrossInjectedFailures() throws Exception {
        int failures = 3;
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 20, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, checkpoints, 100, failures);
        env.fromSource(source, WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(5))
                        .withTimestampAssigner((v, ts) -> v / 10), "sequence")
                .keyBy(v -> v % KEYS)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .process(new SumWindow())
                .sinkTo(sink);
        JobClient job = env.executeAsync("windows-with-failures");
        JobResult result = job.await(Duration.ofMinutes(2));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(source.failuresLeft()).as("every injected failure happened").isLessThanOrEqualTo(0);
        CheckpointMetrics metrics = job.checkpointMetrics();
        assertThat(metrics.restarts()).isEqualTo(failures);
        assertThat(metrics.completed()).isGreaterThanOrEqualTo(2L * failures);
        List<String> committed = sink.committed();
        committed.sort(null);
        assertThat(committed).isEqualTo(expectedWindows());
        assertThat(sink.aborted()).as("aborted transactions are never the committed ones")
                .doesNotContainAnyElementsOf(sink.committedTransactions());
    }

    /**
     * The same job with an aggregate, which the sending tasks fold per key and slice before the keyBy
     * (two-stage aggregation) when checkpoints are always aligned: partials are flushed before every
     * barrier, so a checkpoint holds none of them, and every window result is still committed exactly
     * once. Barriers that may overtake records (unaligned, or aligned with a timeout) turn it off.
     */
    @ParameterizedTest(name = "{0}, alignment timeout {1} ms")
    @CsvSource({"ALIGNED, 0, true", "UNALIGNED, 0, false", "ALIGNED, 60000, false"})
    void everyPreAggregatedWindowResultIsCommittedExactlyOnceAcrossInjectedFailures(
            CheckpointingOptions.CheckpointMode mode, long alignmentTimeoutMs, boolean folds) throws Exception {
        int failures = 3;
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 20, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, checkpoints, 100, failures).config()
                .set(CheckpointingOptions.MODE, mode)
                .set(CheckpointingOptions.ALIGNMENT_TIMEOUT, Duration.ofMillis(alignmentTimeoutMs));
        aggregatedWindows(env, source, sink);
        JobClient job = env.executeAsync("pre-aggregated-windows-with-failures");
        JobResult result = job.await(Duration.ofMinutes(2));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(source.failuresLeft()).as("every injected failure happened").isLessThanOrEqualTo(0);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        List<String> committed = sink.committed();
        committed.sort(null);
        assertThat(committed).isEqualTo(expectedWindows());
        // folding, the last run's window subtasks read partials, far fewer than the records the sources sent
        long sent = 0;
        long windowInput = 0;
        for (TaskMetrics t : result.metrics().tasks()) {
            for (OperatorMetrics o : t.operators()) {
                sent += o.operator().equals("sequence") ? o.recordsOut() : 0;
                windowInput += o.operator().equals("windows") ? o.recordsIn() : 0;
            }
        }
        assertThat(sent).as("records the last run's sources sent").isPositive();
        if (folds) {
            assertThat(windowInput).as("elements the last run's windows read, of %d records sent", sent)
                    .isPositive().isLessThan(sent / 4);
        } else {
            // every record sent, and the in-flight ones of the checkpoint it restored (replayed, not sent)
            assertThat(windowInput).as("records the last run's windows read").isGreaterThanOrEqualTo(sent);
        }
    }

    /**
     * At parallelism 1 the keyBy is chained and nothing folds before it, but the window folds on the
     * heap until the next watermark or checkpoint: a checkpoint writes those folds into the state it
     * snapshots, so every window result is still committed exactly once across failures.
     */
    @Test
    void windowsFoldedOnTheHeapUntilACheckpointAreCommittedExactlyOnceAcrossInjectedFailures() throws Exception {
        int failures = 3;
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 20, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        // seldom watermarks: between two of them, checkpoints are what makes the window write its folds
        env.config().set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofSeconds(1));
        RecoveryConfig.checkpointedWithRestarts(env, checkpoints, 50, failures);
        aggregatedWindows(env, source, sink);
        JobClient job = env.executeAsync("heap-folded-windows-with-failures");
        JobResult result = job.await(Duration.ofMinutes(2));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);
        List<String> committed = sink.committed();
        committed.sort(null);
        assertThat(committed).isEqualTo(expectedWindows());
    }
}
