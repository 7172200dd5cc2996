package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.CheckpointingOptions.CheckpointMode;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.Conditions;
import io.sluice.runtime.testing.FailingSequenceSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under back-pressure, an aligned checkpoint's barrier waits behind every queued record, while an
 * unaligned one, and an aligned one whose alignment timeout has passed, overtakes them. The sink
 * processes a record only when the test hands it a permit, so the queues are full when the
 * checkpoint is triggered, and the test then lets the sink through a few records at a time until
 * the sink has taken its part of the checkpoint: what is compared is how many records the sink had
 * written by then (against how many were queued ahead of the barrier), never how long anything
 * took. The checkpoint timeout is far beyond any run: every checkpoint completes.
 */
class BackPressureCheckpointTest {

    private static final int CHANNEL_CAPACITY = 512;
    /** Records ahead of the barrier when it is triggered, at least: 1.5 rings (a full ring is refilled by quarters). */
    private static final int QUEUED = CHANNEL_CAPACITY + CHANNEL_CAPACITY / 2;
    private static final int SINK_QUEUE = 4;
    private static final int PERMITS_PER_STEP = 8;
    private static final Duration ALIGNMENT_TIMEOUT = Duration.ofMillis(20);

    @TempDir
    Path dir;

    /**
     * Runs the job in {@code mode} with its sink stopped; once the queues hold {@link #QUEUED}
     * records, triggers a checkpoint (and lets its alignment timeout pass, if any), then lets the
     * sink process {@link #PERMITS_PER_STEP} records at a time until it has snapshotted, and waits
     * for the checkpoint to complete.
     *
     * @return the records the sink had written when it took its snapshot
     */
    private long recordsWrittenBeforeTheSinksSnapshot(CheckpointMode mode, Duration alignmentTimeout) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.config().set(CheckpointingOptions.TIMEOUT, Duration.ofMinutes(5))
                .set(CheckpointingOptions.MODE, mode)
                .set(CheckpointingOptions.ALIGNMENT_TIMEOUT, alignmentTimeout)
                .set(CheckpointingOptions.DIRECTORY, dir.resolve(mode + "-" + alignmentTimeout.toMillis()).toString())
                .set(io.sluice.api.config.ExecutionOptions.CHANNEL_CAPACITY, CHANNEL_CAPACITY);
        FailingSequenceSource source = new FailingSequenceSource(10_000_000, 1, 1_000, 0);
        PermitSink sink = new PermitSink();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "fast")
                .rebalance()
                .map(v -> v)
                .rebalance()
                .sinkTo(sink);
        JobClient job = env.executeAsync("back-pressured-" + mode);
        try {
            assertThat(source.awaitEmitted(QUEUED, Duration.ofSeconds(30))).as("queues filled").isTrue();
            assertThat(sink.processed()).isZero();
            CompletableFuture<Path> checkpoint = job.triggerCheckpoint();
            long triggered = System.nanoTime(); // the coordinator stamped the trigger before returning
            // from then on the tasks may switch to unaligned (the sink has processed nothing yet)
            Conditions.await("the alignment timeout has passed", Duration.ofSeconds(10),
                    () -> System.nanoTime() - triggered >= alignmentTimeout.toNanos());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long allowed = 0;
            while (sink.writtenAtSnapshot() < 0) {
                allowed += PERMITS_PER_STEP;
                sink.allow(PERMITS_PER_STEP);
                while (sink.processed() < allowed && sink.writtenAtSnapshot() < 0) {
                    assertThat(System.nanoTime()).as("%s: the sink snapshotting, %s records allowed", mode, allowed)
                            .isLessThan(deadline);
                    sink.awaitProcessed(allowed, 1);
                }
            }
            sink.open();
            assertThat(checkpoint).as("%s checkpoint", mode).succeedsWithin(Duration.ofSeconds(60));
            return sink.writtenAtSnapshot();
        } finally {
            sink.open();
            job.cancel();
            job.await(Duration.ofSeconds(30));
        }
    }

    @Test
    void unalignedAndAlignmentTimeoutOvertakeTheQueueWhereAlignedWaitsBehindIt() throws Exception {
        // the barrier comes behind at least QUEUED records: aligned, the sink writes them all first
        long aligned = recordsWrittenBeforeTheSinksSnapshot(CheckpointMode.ALIGNED, Duration.ZERO);
        assertThat(aligned).as("aligned: records written before the snapshot").isGreaterThanOrEqualTo(QUEUED);

        long unaligned = recordsWrittenBeforeTheSinksSnapshot(CheckpointMode.UNALIGNED, Duration.ZERO);
        assertThat(unaligned).as("unaligned: the barrier overtook queued records").isLessThan(QUEUED);

        long timeout = recordsWrittenBeforeTheSinksSnapshot(CheckpointMode.ALIGNED, ALIGNMENT_TIMEOUT);
        assertThat(timeout).as("alignment timeout: the barrier overtook queued records").isLessThan(QUEUED);
        System.out.println("records written before the sink's snapshot: aligned " + aligned + ", unaligned "
                + unaligned + ", alignment timeout " + timeout + " (queued ahead of the barrier: at least " + QUEUED + ")");
    }

    /**
     * A sink that says it is not ready while its small queue is full, and whose device thread
     * processes a record only for a permit the test hands out. It never blocks the worker.
     */
    static final class PermitSink implements Sink<Long> {

        private static final Map<String, Device> DEVICES = new ConcurrentHashMap<>();

        private final String id = UUID.randomUUID().toString();

        PermitSink() {
            DEVICES.put(id, new Device());
        }

        void allow(int records) {
            DEVICES.get(id).permits.release(records);
        }

        /** From now on the device processes every record (to let the job end). */
        void open() {
            DEVICES.get(id).open();
        }

        long processed() {
            return DEVICES.get(id).processed();
        }

        /** Records the writer had taken when the sink took its first snapshot, or -1 before. */
        long writtenAtSnapshot() {
            return DEVICES.get(id).writtenAtSnapshot.get();
        }

        void awaitProcessed(long n, long timeoutMs) throws InterruptedException {
            DEVICES.get(id).awaitProcessed(n, timeoutMs);
        }

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            Device device = DEVICES.get(id);
            ArrayBlockingQueue<Long> queue = new ArrayBlockingQueue<>(SINK_QUEUE);
            Thread thread = new Thread(() -> device.run(queue), "permit-device-" + context.subtaskIndex());
            thread.setDaemon(true);
            thread.start();
            return new SinkWriter<>() {
                private long written;

                @Override
                public void write(Long element, long timestamp) {
                    if (!queue.offer(element)) {
                        throw new IllegalStateException("write() called while the writer said it was not ready");
                    }
                    written++;
                }

                @Override
                public boolean isReady() {
                    return queue.remainingCapacity() > 0;
                }

                @Override
                public void flush(boolean endOfInput) {
                    // the sink's snapshot: what it has written by now came before the barrier
                    if (!endOfInput) {
                        device.writtenAtSnapshot.compareAndSet(-1, written);
                    }
                }

                @Override
                public void close() throws InterruptedException {
                    device.open();
                    queue.put(-1L);
                    thread.join(10_000);
                }
            };
        }

        private static final class Device {
            final Semaphore permits = new Semaphore(0);
            final java.util.concurrent.atomic.AtomicLong writtenAtSnapshot = new java.util.concurrent.atomic.AtomicLong(-1);
            private final java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();
            private long processed;

            void open() {
                if (open.compareAndSet(false, true)) {
                    permits.release(Integer.MAX_VALUE / 2);
                }
            }

            void run(ArrayBlockingQueue<Long> queue) {
                try {
                    while (true) {
                        permits.acquire(); // before taking the record: the queue stays full meanwhile
                        Long v = queue.poll(10, TimeUnit.SECONDS);
                        if (v == null || v < 0) {
                            return;
                        }
                        synchronized (this) {
                            processed++;
                            notifyAll();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            synchronized long processed() {
                return processed;
            }

            synchronized void awaitProcessed(long n, long timeoutMs) throws InterruptedException {
                if (processed < n) {
                    wait(timeoutMs);
                }
            }
        }
    }
}
