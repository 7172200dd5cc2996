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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
        public boolean isTerminated() {
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
        public void finishJob(long id) {
            record("finish " + id);
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
        coordinator.start(List.of(source, window), null, "0123456789abcdef");
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
        acknowledge(id, bytes, false, false);
    }

    /** Like {@link #acknowledge(long, int)}, both tasks having ended ({@code finished}) or not, each separately. */
    private void acknowledge(long id, int bytes, boolean sourceFinished, boolean windowFinished) throws Exception {
        Path d = coordinator.directoryOf(id);
        Files.write(d.resolve("window-0.kg"), new byte[bytes]);
        coordinator.acknowledge(new TaskSnapshot(id, 0, List.of(new OperatorSubtaskState("source", 0, 1, null, null, 0,
                List.of(new byte[] {1, 2}), null, 0, sourceFinished)), 0, 0, sourceFinished, false));
        coordinator.acknowledge(new TaskSnapshot(id, 1, List.of(new OperatorSubtaskState("window", 0, 1,
                new KeyGroupRange(0, 127), "window-0.kg", bytes, List.of(), null, 0, windowFinished)), 0, 0,
                windowFinished, true));
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
    void whatAWorkerThreadCallsNeverWaitsForTheCoordinatorsLock() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        CompletableFuture<CompletedCheckpoint> done = coordinator.trigger(null);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (coordinator) { // e.g. a checkpoint completing, or the REST API reading metrics
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThat(coordinator.directoryOf(1)).isNotNull(); // a task capturing its state
                coordinator.decline(1, 0, new IllegalStateException("disk full")); // a snapshot that cannot be written
                coordinator.taskEnded(1);
            }, "a worker thread waited for the coordinator's lock");
        } finally {
            release.countDown();
            holder.join();
        }
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).hasMessageContaining("failed in task 0: disk full");
        assertThat(coordinator.directoryOf(1)).as("forgotten with the checkpoint").isNull();
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
    void noCheckpointOnceATaskHasTerminatedAndNoSavepointIntoAFullDirectory() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        Path full = Files.createDirectories(dir.resolve("savepoint"));
        Files.writeString(full.resolve("something"), "x");
        assertThatThrownBy(() -> coordinator.trigger(full).get()).hasMessageContaining("is not empty");
        source.ended = true;
        assertThatThrownBy(() -> coordinator.trigger(null).get()).hasMessageContaining("the job has ended");
    }

    @Test
    void onceEveryTaskHasEndedTheFinalCheckpointIsTakenAtOnceAndItsCompletionFinishesTheJob() throws Exception {
        start(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ZERO, 1, 2); // periodic, but not for an hour
        coordinator.taskEnded(1);
        assertThat(source.calls).as("one task ended: nothing yet").isEmpty();
        coordinator.taskEnded(0);
        source.await("trigger 1");
        window.await("started 1");

        acknowledge(1, 10, true, true);
        source.await("finish 1");
        window.await("finish 1");
        assertThat(source.calls).doesNotContain("complete 1");
        CompletedCheckpoint written = CheckpointMetadata.read(coordinator.latest().directory());
        assertThat(written.jobFinished()).as("the final checkpoint says the job finished").isTrue();
        assertThat(written.transactions()).isTrue();
        assertThat(written.lineageId()).isEqualTo("0123456789abcdef");
        assertThat(written.operators().get("source").subtasks().get(0).finished()).isTrue();
    }

    @Test
    void aCheckpointSomeOfWhoseTasksHadNotEndedOnlyCommits() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        CompletableFuture<CompletedCheckpoint> done = coordinator.trigger(null);
        acknowledge(1, 10, true, false);
        CompletedCheckpoint c = done.get(10, TimeUnit.SECONDS);
        window.await("complete 1");
        source.await("complete 1");
        assertThat(c.jobFinished()).isFalse();
        assertThat(CheckpointMetadata.read(c.directory()).operators().get("source").finished(0))
                .as("the ended task is recorded as finished").isTrue();
        assertThat(window.calls).doesNotContain("finish 1");
    }

    @Test
    void withoutPeriodicCheckpointsTheTasksAreToldToCommitAndFinishOnceAllHaveEnded() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        coordinator.taskEnded(0);
        coordinator.taskEnded(1);
        source.await("finish " + Long.MAX_VALUE);
        window.await("finish " + Long.MAX_VALUE);
        assertThat(source.calls).noneMatch(c -> c.startsWith("trigger"));
    }

    @Test
    void aSavepointCommitsNothingUnlessItStopsTheJob() throws Exception {
        start(Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        CompletableFuture<CompletedCheckpoint> savepoint = coordinator.trigger(dir.resolve("sp1"));
        acknowledgeSavepoint(1);
        savepoint.get(10, TimeUnit.SECONDS);
        CompletableFuture<CompletedCheckpoint> stop = coordinator.trigger(dir.resolve("sp2"), true);
        acknowledgeSavepoint(2);
        stop.get(10, TimeUnit.SECONDS);
        window.await("complete 2");
        assertThat(window.calls).as("a plain savepoint does not commit").doesNotContain("complete 1");
        assertThat(source.calls).doesNotContain("complete 1");
    }

    private void acknowledgeSavepoint(long id) {
        for (int task = 0; task < 2; task++) {
            coordinator.acknowledge(new TaskSnapshot(id, task, List.of(), 0, 0, false, false));
        }
    }

    @Test
    void aPeriodicCheckpointThatCannotBeTakenIsCountedAndSaysWhy() throws Exception {
        Path blocked = dir.resolve("job");
        Files.writeString(blocked, "a file where the job's checkpoint directory should be");
        start(Duration.ofMillis(20), Duration.ofMinutes(1), Duration.ZERO, 1, 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (coordinator.metrics().failed() == 0) {
            assertThat(System.nanoTime()).as("a failed periodic checkpoint within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(coordinator.metrics().lastFailure()).contains("cannot create the directory of checkpoint");
        assertThat(source.calls).noneMatch(c -> c.startsWith("trigger"));
    }
}
