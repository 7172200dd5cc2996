package io.sluice.runtime.checkpoint;

import io.sluice.api.config.CheckpointingOptions.CheckpointMode;
import io.sluice.state.KeyGroupRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The coordinator on its own, with tasks that record what they are told and acknowledge on demand. */
class CheckpointCoordinatorTest {

    @TempDir
    Path dir;

    private CheckpointCoordinator coordinator;

    /** A task that remembers every call, and can be waited on for one. */
    static final class FakeTask implements CheckpointParticipant {
        final boolean source;
        volatile boolean ended;
        final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();

        FakeTask(boolean source) {
            this.source = source;
        }

        private synchronized void record(String call) {
            calls.add(call);
            notifyAll();
        }

        /** Waits until {@code call} was made, at most 10 s. */
        synchronized void await(String call) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!calls.contains(call)) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("waiting for '%s', calls so far %s", call, calls).isPositive();
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        @Override
        public boolean isSource() {
            return source;
        }

        @Override
        public boolean hasEnded() {
            return ended;
        }

        @Override
        public void triggerCheckpoint(long id, boolean savepoint) {
            record("trigger " + id + (savepoint ? " savepoint" : ""));
        }

        @Override
        public void checkpointStarted(long id, boolean savepoint, long triggerNanos) {
            record("started " + id);
        }

        @Override
        public void notifyCheckpointComplete(long id) {
            record("complete " + id);
        }

        @Override
        public void notifyCheckpointAborted(long id) {
            record("aborted " + id);
        }
    }

    private final FakeTask source = new FakeTask(true);
    private final FakeTask window = new FakeTask(false);

    private CheckpointCoordinator start(Duration interval, Duration timeout, Duration minPause, int maxConcurrent,
                                        int retained) {
        CheckpointConfig config = new CheckpointConfig(interval, timeout, minPause, maxConcurrent, retained, dir,
                CheckpointMode.ALIGNED, Duration.ZERO);
        coordinator = new CheckpointCoordinator("test", config, new CheckpointStorage(dir.resolve("job"), retained), 128);
        coordinator.start(List.of(source, window), null);
        return coordinator;
    }

    @AfterEach
    void close() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    /** Both tasks acknowledge checkpoint {@code id}; the window task with a keyed state file of {@code bytes}. */
    private void acknowledge(long id, int bytes) throws Exception {
        Path d = coordinator.directoryOf(id);
        Files.write(d.resolve("window-0.kg"), new byte[bytes]);
        coordinator.acknowledge(new TaskSnapshot(id, 0, List.of(new OperatorSubtaskState("source", 0, null, null, 0,
                List.of(new byte[] {1, 2}), null, 0)), 0, 0));
        coordinator.acknowledge(new TaskSnapshot(id, 1, List.of(new OperatorSubtaskState("window", 0,
                new KeyGroupRange(0, 127), "window-0.kg", bytes, List.of(), null, 0)), 0, 0));
    }

    @Test
    void anOnDemandCheckpointTriggersSourcesAnnouncesToOthersAndCompletesAfterItsMetadataIsDurable() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        CompletableFuture<CompletedCheckpoint> done = coordinator.trigger(null);
        assertThat(source.calls).containsExactly("trigger 1");
        assertThat(window.calls).containsExactly("started 1");
        assertThat(done).isNotDone();

        acknowledge(1, 100);
        CompletedCheckpoint c = done.get(10, TimeUnit.SECONDS);
        assertThat(c.id()).isEqualTo(1);
        // durable before anybody is told: the metadata reads back the same
        CompletedCheckpoint read = CheckpointMetadata.read(c.directory());
        assertThat(read.operators().keySet()).containsExactly("source", "window");
        assertThat(read.operators().get("source").subtasks().get(0).items().get(0)).containsExactly(1, 2);
        assertThat(read.sizeBytes()).isEqualTo(100);
        window.await("complete 1"); // both tasks hear of the completion
        source.await("complete 1");
        assertThat(coordinator.metrics().lastCompletedId()).isEqualTo(1);
        assertThat(coordinator.metrics().lastSizeBytes()).isEqualTo(100);
    }

    @Test
    void aCheckpointNotAcknowledgedInTimeIsAbortedAndItsDirectoryDeleted() throws Exception {
        start(Duration.ZERO, Duration.ofMillis(50), Duration.ZERO, 1, 2);
        CompletableFuture<CompletedCheckpoint> done = coordinator.trigger(null);
        Path d = coordinator.directoryOf(1);
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("did not complete within 50 ms").hasMessageContaining("0 of 2 tasks");
        assertThat(source.calls).contains("aborted 1");
        assertThat(window.calls).contains("aborted 1");
        CountDownLatch ioDone = new CountDownLatch(1);
        coordinator.io().execute(ioDone::countDown); // after the deletion queued on the same thread
        assertThat(ioDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(d).as("the aborted checkpoint's directory is deleted").doesNotExist();
        assertThat(coordinator.metrics().failed()).isEqualTo(1);
        assertThat(coordinator.directoryOf(1)).isNull();
    }

    @Test
    void aDeclinedCheckpointFailsAtOnce() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        CompletableFuture<CompletedCheckpoint> done = coordinator.trigger(null);
        coordinator.decline(1, 0, new IllegalStateException("disk full"));
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).hasMessageContaining("failed in task 0: disk full");
    }

    @Test
    void onlyTheNewestRetainedCheckpointsStay() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        List<Path> dirs = new ArrayList<>();
        for (long id = 1; id <= 4; id++) {
            CompletableFuture<CompletedCheckpoint> done = coordinator.trigger(null);
            acknowledge(id, 10);
            dirs.add(done.get(10, TimeUnit.SECONDS).directory());
        }
        assertThat(dirs.get(0)).doesNotExist();
        assertThat(dirs.get(1)).doesNotExist();
        assertThat(dirs.get(2).resolve(CheckpointMetadata.FILE_NAME)).exists();
        assertThat(dirs.get(3).resolve(CheckpointMetadata.FILE_NAME)).exists();
    }

    @Test
    void periodicCheckpointsWaitForTheOneInProgressAndForTheMinimumPause() throws Exception {
        start(Duration.ofMillis(5), Duration.ofMinutes(1), Duration.ofMillis(300), 1, 2);
        source.await("trigger 1"); // the first periodic checkpoint
        CountDownLatch intervals = new CountDownLatch(1);
        coordinator.schedule(intervals::countDown, 50); // on the scheduler, behind ten 5 ms ticks
        assertThat(intervals.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(source.calls).as("at most one checkpoint runs at once").containsExactly("trigger 1");
        acknowledge(1, 10);
        long completedAt = System.nanoTime();
        source.await("trigger 2"); // the next one, after the pause
        assertThat(System.nanoTime() - completedAt).as("minimum pause after the last completion")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void noCheckpointOnceATaskHasEndedAndNoSavepointIntoAFullDirectory() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        Path full = Files.createDirectories(dir.resolve("savepoint"));
        Files.writeString(full.resolve("something"), "x");
        assertThatThrownBy(() -> coordinator.trigger(full).get()).hasMessageContaining("is not empty");
        source.ended = true;
        assertThatThrownBy(() -> coordinator.trigger(null).get()).hasMessageContaining("some of its tasks have finished");
    }
}
