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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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

    /**
     * Runs the back-pressured job in {@code mode}: once its channels are full, takes {@code checkpoints}
     * checkpoints one after the other, each completing or timing out; returns the metrics then.
     */
    private CheckpointMetrics run(CheckpointMode mode, Duration alignmentTimeout, int checkpoints) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.config().set(CheckpointingOptions.TIMEOUT, TIMEOUT)
                .set(CheckpointingOptions.MODE, mode)
                .set(CheckpointingOptions.ALIGNMENT_TIMEOUT, alignmentTimeout)
                .set(CheckpointingOptions.DIRECTORY, dir.resolve(mode + "-" + alignmentTimeout.toMillis()).toString())
                .set(io.sluice.api.config.ExecutionOptions.CHANNEL_CAPACITY, CHANNEL_CAPACITY);
        FailingSequenceSource source = new FailingSequenceSource(10_000_000, 1, 1_000, 0);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "fast")
                .rebalance()
                .map(v -> v)
                .rebalance()
                .sinkTo(new SlowSink(4, 1_000_000));
        JobClient job = env.executeAsync("back-pressured-" + mode);
        // the sink takes a record a millisecond: once this many are out, both channels are (nearly) full,
        // two seconds of the sink's work, more than the checkpoint timeout
        assertThat(source.awaitEmitted(2 * CHANNEL_CAPACITY, Duration.ofSeconds(30))).isTrue();
        for (int i = 0; i < checkpoints; i++) {
            try {
                job.triggerCheckpoint().get(TIMEOUT.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException timedOut) {
                // counted in the metrics as failed
            }
        }
        CheckpointMetrics metrics = job.checkpointMetrics();
        job.cancel();
        job.await(Duration.ofSeconds(30));
        return metrics;
    }

    @Test
    void unalignedAndAlignmentTimeoutCompleteWhereAlignedStalls() throws Exception {
        CheckpointMetrics aligned = run(CheckpointMode.ALIGNED, Duration.ZERO, 1);
        assertThat(aligned.completed()).as("aligned checkpoints wait behind the queues: %s", aligned).isZero();
        assertThat(aligned.failed()).as("and time out: %s", aligned).isPositive();

        CheckpointMetrics unaligned = run(CheckpointMode.UNALIGNED, Duration.ZERO, 3);
        assertThat(unaligned.completed()).as("unaligned: %s", unaligned).isGreaterThanOrEqualTo(3);
        assertThat(unaligned.lastDurationMs()).isLessThan(TIMEOUT.toMillis());

        CheckpointMetrics timeout = run(CheckpointMode.ALIGNED, Duration.ofMillis(50), 3);
        assertThat(timeout.completed()).as("aligned with alignment timeout: %s", timeout).isGreaterThanOrEqualTo(3);
        assertThat(timeout.lastDurationMs()).isLessThan(TIMEOUT.toMillis());
        System.out.println("aligned " + aligned + "\nunaligned " + unaligned + "\nalignment-timeout " + timeout);
    }
}
