package io.sluice.runtime.task;

import io.sluice.runtime.operators.OperatorContext;

/**
 * The processing time a task's operators see: the time of the worker thread that runs the task,
 * read once per round by the worker ({@link WorkerClock}), never per element or per task. Until
 * the task runs on a worker it has a clock of its own (set-up code, tests).
 */
final class TaskClock implements OperatorContext.ProcessingClock {

    private WorkerClock worker = new WorkerClock();

    /** The task runs on the thread that owns {@code clock} from now on. */
    void runOn(WorkerClock clock) {
        this.worker = clock;
    }

    WorkerClock worker() {
        return worker;
    }

    @Override
    public long nowMs() {
        return worker.nowMs();
    }
}
