package io.sluice.runtime.task;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.checkpoint.CheckpointAcknowledger;
import io.sluice.runtime.checkpoint.TaskSnapshot;
import io.sluice.runtime.executor.StateBackends;
import io.sluice.runtime.plan.PlanBuilder;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The tasks of a job, built as the runtime builds them and driven by hand on the test's thread, one
 * round at a time with a clock the test ticks; checkpoint files are written only when the test runs
 * the queued I/O work, so a test controls exactly when a snapshot write is in flight.
 */
final class ManualTasks implements CheckpointAcknowledger, AutoCloseable {

    final List<StreamTask> tasks;
    final WorkerClock clock = new WorkerClock();
    final List<TaskSnapshot> acknowledged = new CopyOnWriteArrayList<>();
    final List<Throwable> declined = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Runnable> io = new ArrayDeque<>();
    private final Path directory;

    ManualTasks(StreamEnvironment env, Path checkpointDirectory) throws Exception {
        this.directory = checkpointDirectory;
        this.tasks = new TaskBuilder(PlanBuilder.build(env), env.config(), StateBackends.create(env.config()),
                getClass().getClassLoader()).withCheckpoints(this, null).build();
        for (StreamTask t : tasks) {
            t.runOn(clock);
            t.open();
        }
    }

    StreamTask task(int index) {
        return tasks.get(index);
    }

    /** One round without reading the clock: every task's {@code doWork()} once. */
    int round() throws Exception {
        int work = 0;
        for (StreamTask t : tasks) {
            if (!t.state().isTerminal()) {
                work += t.doWork();
            }
        }
        return work;
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

    @Override
    public void close() {
        runWrites();
        for (StreamTask t : tasks) {
            if (!t.state().isTerminal()) {
                t.close(TaskState.CANCELED);
            }
        }
    }
}
