package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.CheckpointingOptions.CheckpointMode;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.SlowSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under heavy back-pressure (a sink that takes 1 ms per record behind full channels), an aligned
 * checkpoint's barrier waits behind every queued record and times out, while unaligned checkpoints,
 * and aligned ones with an alignment timeout, let the barrier overtake them and complete in time.
 * One test, so the difference is shown on the same pipeline and machine.
 */
class BackPressureCheckpointTest {

    /** Queued records per channel: an aligned barrier needs about 2 x this many ms to pass both. */
    private static final int CHANNEL_CAPACITY = 1024;
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    /** Runs the back-pressured job in {@code mode} until {@code enough} checkpoints completed or the time is up. */
    private CheckpointMetrics run(CheckpointMode mode, Duration alignmentTimeout, long enough, Duration runFor)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(100))
                .set(CheckpointingOptions.TIMEOUT, TIMEOUT)
                .set(CheckpointingOptions.MODE, mode)
                .set(CheckpointingOptions.ALIGNMENT_TIMEOUT, alignmentTimeout)
                .set(CheckpointingOptions.DIRECTORY, dir.resolve(mode + "-" + alignmentTimeout.toMillis()).toString())
                .set(io.sluice.api.config.ExecutionOptions.CHANNEL_CAPACITY, CHANNEL_CAPACITY);
        env.fromSource(new FailingSequenceSource(10_000_000, 1, 1_000, 0), WatermarkStrategy.noWatermarks(), "fast")
                .rebalance()
                .map(v -> v)
                .rebalance()
                .sinkTo(new SlowSink(4, 1_000_000));
        JobClient job = env.executeAsync("back-pressured-" + mode);
        long deadline = System.nanoTime() + runFor.toNanos();
        while (System.nanoTime() < deadline && job.checkpointMetrics().completed() < enough) {
            Thread.sleep(10);
        }
        CheckpointMetrics metrics = job.checkpointMetrics();
        job.cancel();
        job.await(Duration.ofSeconds(30));
        return metrics;
    }

    @Test
    void unalignedAndAlignmentTimeoutCompleteWhereAlignedStalls() throws Exception {
        CheckpointMetrics aligned = run(CheckpointMode.ALIGNED, Duration.ZERO, 1, TIMEOUT.multipliedBy(2));
        assertThat(aligned.completed()).as("aligned checkpoints wait behind the queues: %s", aligned).isZero();
        assertThat(aligned.failed()).as("and time out: %s", aligned).isPositive();

        CheckpointMetrics unaligned = run(CheckpointMode.UNALIGNED, Duration.ZERO, 3, TIMEOUT.multipliedBy(4));
        assertThat(unaligned.completed()).as("unaligned: %s", unaligned).isGreaterThanOrEqualTo(3);
        assertThat(unaligned.lastDurationMs()).isLessThan(TIMEOUT.toMillis());

        CheckpointMetrics timeout = run(CheckpointMode.ALIGNED, Duration.ofMillis(50), 3, TIMEOUT.multipliedBy(4));
        assertThat(timeout.completed()).as("aligned with alignment timeout: %s", timeout).isGreaterThanOrEqualTo(3);
        assertThat(timeout.lastDurationMs()).isLessThan(TIMEOUT.toMillis());
        System.out.println("aligned " + aligned + "\nunaligned " + unaligned + "\nalignment-timeout " + timeout);
    }
}
