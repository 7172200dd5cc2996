package io.sluice.runtime.task;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.checkpoint.CheckpointAcknowledger;
import io.sluice.runtime.checkpoint.TaskSnapshot;
import io.sluice.runtime.executor.StateBackends;
import io.sluice.runtime.plan.PlanBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The tasks of a job, built as the executor builds them and run on the test's thread one turn at a
 * time, so that a test can look between two turns of a task. Time is a {@link WorkerClock} the
 * test ticks ({@link #runAll} and {@link #runAlone} tick it once a round, as a worker does).
 *
 * <p>Without a checkpoint directory there is no coordinator: a task that has emitted everything is
 * finished. With one, this object is the tasks' coordinator: checkpoint files are written only when
 * the test runs the queued I/O work ({@link #runWrites}), so a test controls exactly when a snapshot
 * write is in flight, and tasks wait for the end of the job after their own.
 */
final class ManualTasks implements CheckpointAcknowledger, AutoCloseable {

    /** Called after every turn of every task. */
    interface TurnObserver {
        void afterTurn(StreamTask task) throws Exception;
    }

    final List<StreamTask> tasks;
    final WorkerClock clock = new WorkerClock();
    final List<TaskSnapshot> acknowledged = new CopyOnWriteArrayList<>();
    final List<Throwable> declined = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Runnable> io = new ArrayDeque<>();
    private final Path directory;

    /** Tasks without a checkpoint coordinator. */
    ManualTasks(StreamEnvironment env) throws Exception {
        this(env, null);
    }

    /** Tasks whose coordinator this is, writing checkpoints into {@code checkpointDirectory}. */
    ManualTasks(StreamEnvironment env, Path checkpointDirectory) throws Exception {
        this.directory = checkpointDirectory;
        TaskBuilder builder = new TaskBuilder(PlanBuilder.build(env), env.config(), StateBackends.create(env.config()),
                getClass().getClassLoader());
        this.tasks = (checkpointDirectory == null ? builder : builder.withCheckpoints(this, null)).build();
        for (StreamTask t : tasks) {
            t.runOn(clock);
            t.open();
        }
    }

    /** The tasks, sources first (in the plan's order of chains). */
    List<StreamTask> tasks() {
        return tasks;
    }

    StreamTask task(int index) {
        return tasks.get(index);
    }

    /** One round without reading the clock: every task that has not terminated does one turn. */
    int round() throws Exception {
        int work = 0;
        for (StreamTask t : tasks) {
            if (!t.state().isTerminal()) {
                work += t.doWork();
            }
        }
        return work;
    }

    /** Runs {@code task} alone, a tick before each turn, until it has finished. */
    void runAlone(StreamTask task, TurnObserver observer, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!task.isFinished()) {
            requireBefore(deadline);
            clock.tick();
            task.doWork();
            observer.afterTurn(task);
        }
    }

    /** Runs every unfinished task in turn, one tick and one turn each a round, until all have finished. */
    void runAll(TurnObserver observer, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean running = true;
        while (running) {
            requireBefore(deadline);
            clock.tick();
            running = false;
            for (StreamTask t : tasks) {
                if (!t.isFinished()) {
                    t.doWork();
                    observer.afterTurn(t);
                    running = true;
                }
            }
        }
    }

    private void requireBefore(long deadlineNs) {
        if (System.nanoTime() - deadlineNs > 0) {
            StringBuilder states = new StringBuilder();
            for (StreamTask t : tasks) {
                states.append(' ').append(t.name()).append('=').append(t.state());
            }
            throw new AssertionError("the job did not finish in time:" + states);
        }
    }

    /** Snapshot writes handed to the I/O side and not run yet. */
    int queuedWrites() {
        return io.size();
    }

    /** Runs the queued snapshot writes, as the I/O thread would. */
    void runWrites() {
        Runnable r;
        while ((r = io.poll()) != null) {
            r.run();
        }
    }

    @Override
    public Path directoryOf(long id) {
        return directory;
    }

    @Override
    public Executor io() {
        return io::add;
    }

    @Override
    public void acknowledge(TaskSnapshot snapshot) {
        acknowledged.add(snapshot);
    }

    @Override
    public void decline(long id, int taskIndex, Throwable cause) {
        declined.add(cause);
    }

    @Override
    public void taskEnded(int taskIndex) {
    }

    /** Writes what is queued, then closes every task not closed yet (finished ones as finished). */
    @Override
    public void close() {
        runWrites();
        for (StreamTask t : tasks) {
            if (!t.state().isTerminal() || t.isFinished()) {
                t.close(t.isFinished() ? TaskState.FINISHED : TaskState.CANCELED);
            }
        }
    }
}
