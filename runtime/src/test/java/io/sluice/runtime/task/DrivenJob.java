package io.sluice.runtime.task;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.executor.StateBackends;
import io.sluice.runtime.plan.PlanBuilder;

import java.time.Duration;
import java.util.List;

/**
 * The tasks of a job built as the executor builds them, run on the test's thread one turn at a
 * time, so a test can look between two turns of a task. No checkpoint coordinator: a task that has
 * emitted everything is finished.
 */
final class DrivenJob implements AutoCloseable {

    /** Called after every turn of every task. */
    interface TurnObserver {
        void afterTurn(StreamTask task) throws Exception;
    }

    private final List<StreamTask> tasks;

    DrivenJob(StreamEnvironment env) throws Exception {
        tasks = new TaskBuilder(PlanBuilder.build(env), env.config(), StateBackends.create(env.config()),
                DrivenJob.class.getClassLoader()).build();
        for (StreamTask t : tasks) {
            t.open();
        }
    }

    /** The tasks, sources first (in the plan's order of chains). */
    List<StreamTask> tasks() {
        return tasks;
    }

    /** Runs {@code task} alone until it has finished. */
    void runAlone(StreamTask task, TurnObserver observer, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!task.isFinished()) {
            requireBefore(deadline);
            task.doWork();
            observer.afterTurn(task);
        }
    }

    /** Runs every unfinished task in turn, one turn each round, until all have finished. */
    void runAll(TurnObserver observer, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean running = true;
        while (running) {
            requireBefore(deadline);
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

    @Override
    public void close() {
        for (StreamTask t : tasks) {
            t.close(TaskState.FINISHED);
        }
    }
}
