package io.sluice.runtime.executor;

import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;
import io.sluice.runtime.task.WorkerClock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs each task group of a run on a new thread of its own, named after the job, which ends when
 * the group is done: how {@code sluice run} and tests run a job, one job per process.
 */
final class DedicatedThreads implements TaskLauncher {

    private final IdleStrategyKind idleStrategy;

    DedicatedThreads(IdleStrategyKind idleStrategy) {
        this.idleStrategy = idleStrategy;
    }

    @Override
    public int maxGroups() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<Thread> launch(JobAttempt attempt, List<TaskGroup> groups, String jobName) {
        String prefix = "sluice-worker-" + jobName + "-" + (attempt.number() == 0 ? "" : attempt.number() + "-");
        List<Thread> threads = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            TaskGroup group = groups.get(i);
            WorkerIdle idle = new WorkerIdle(idleStrategy); // it keeps state: one per thread
            threads.add(new Thread(() -> run(group, idle), prefix + i));
        }
        for (Thread t : threads) {
            t.start();
        }
        return threads;
    }

    /** A dedicated thread's whole life: the group's rounds, idling on the work they did, until it is done. */
    private static void run(TaskGroup group, WorkerIdle idle) {
        WorkerClock clock = new WorkerClock();
        BooleanSupplier allHeldBack = group::allHeldBack; // made once: a round allocates nothing
        try {
            group.open(clock);
            while (!group.isDone()) {
                clock.tick(); // the time of the round, for every task in it
                idle.idle(group.doWork(), allHeldBack);
            }
        } finally {
            group.close();
        }
    }
}
