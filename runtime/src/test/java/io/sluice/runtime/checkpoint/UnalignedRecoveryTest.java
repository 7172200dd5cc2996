package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.MetricsOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unaligned checkpoints under back-pressure, with failures: the records a task had not processed
 * when its barrier overtook them are stored with the checkpoint and replayed on restore, so the
 * committed output is still exactly once.
 */
class UnalignedRecoveryTest {

    private static final long COUNT = 40_000;

    @TempDir
    Path checkpoints;

    /** Slow enough per record that the channels into it fill up. */
    static long slowIdentity(long v) {
        long until = System.nanoTime() + 20_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return v;
    }

    @Test
    void inFlightRecordsAreStoredAndReplayedExactlyOnce() throws Exception {
        run(Duration.ZERO);
    }

    /**
     * Latency markers share the rings with the records: a barrier overtakes them too, yet none is
     * stored with the in-flight records (one would reach the numbering function, which fails on
     * anything but a Long, or fail to serialize), and alignment, restore and output are unchanged.
     */
    @Test
    void inFlightRecordsAreExactlyOnceWithLatencyMarkersInTheRings() throws Exception {
        run(Duration.ofMillis(1));
    }

    private void run(Duration latencyInterval) throws Exception {
        int failures = 3;
        FailingSequenceSource source = new FailingSequenceSource(COUNT, 4, 200, failures);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, checkpoints, 50, failures).config()
                .set(CheckpointingOptions.MODE, CheckpointingOptions.CheckpointMode.UNALIGNED)
                .set(CheckpointingOptions.RETAINED, 1000) // keep them all, to look for in-flight files
                .set(ExecutionOptions.CHANNEL_CAPACITY, 256)
                .set(MetricsOptions.LATENCY_INTERVAL, latencyInterval);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence")
                .keyBy(v -> v % KeyedCountJob.KEYS)
                .map(UnalignedRecoveryTest::slowIdentity)
                .keyBy(v -> v % KeyedCountJob.KEYS)
                .process(new KeyedCountJob.Numbering())
                .sinkTo(sink);
        JobClient job = env.executeAsync("unaligned-recovery");
        assertThat(job.await(Duration.ofMinutes(2)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(failures);

        long inFlightFiles = countInFlightFiles(checkpoints);
        assertThat(inFlightFiles).as("checkpoints that stored in-flight records").isPositive();
        KeyedCountJob.assertExactlyOnce(sink.committed(), COUNT);
        assertThat(sink.aborted()).as("aborted transactions are never the committed ones")
                .doesNotContainAnyElementsOf(sink.committedTransactions());
        if (!latencyInterval.isZero()) {
            long markers = 0;
            for (io.sluice.api.metrics.TaskMetrics t : job.metrics().tasks()) {
                markers += t.latency() == null ? 0 : t.latency().count();
            }
            assertThat(markers).as("markers received in the last run").isPositive();
        }
    }

    /** In-flight files under {@code checkpoints}; directories of aborted checkpoints may vanish meanwhile. */
    private static long countInFlightFiles(Path checkpoints) throws java.io.IOException {
        long[] count = {0};
        Files.walkFileTree(checkpoints, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                if (file.toString().endsWith(".inflight")) {
                    count[0]++;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE; // deleted by the checkpoint I/O thread meanwhile
            }
        });
        return count[0];
    }
}
