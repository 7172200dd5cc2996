package io.sluice.runtime.executor;

import io.sluice.runtime.task.StreamTask;
import io.sluice.runtime.task.TaskState;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker thread: runs its tasks in turn, {@code idle(work done)} between rounds, until they have
 * all finished or the job stops. It alone touches its tasks (open, work, close), so they need no
 * locks; the job reaches it only through the stop flag it polls.
 */
final class Worker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final JobAttempt job;
    private final List<StreamTask> tasks;
    private final IdleStrategy idleStrategy;

    Worker(JobAttempt job, List<StreamTask> tasks, IdleStrategy idleStrategy) {
        this.job = job;
        this.tasks = new ArrayList<>(tasks);
        this.idleStrategy = idleStrategy;
    }

    @Override
    public void run() {
        List<StreamTask> active = new ArrayList<>(tasks);
        StreamTask current = null;
        try {
            for (StreamTask t : active) {
                current = t;
                t.open();
            }
            current = null;
            while (!job.isStopping() && !active.isEmpty()) {
                int work = 0;
                for (int i = 0; i < active.size(); i++) {
                    current = active.get(i);
                    work += current.doWork();
                    if (current.isFinished()) {
                        close(current, TaskState.FINISHED);
                        active.remove(i--);
                        job.taskFinished();
                    }
                }
                current = null;
                idleStrategy.idle(work);
            }
        } catch (Throwable t) {
            job.fail(current, t);
        } finally {
            TaskState end = job.isFailed() ? TaskState.FAILED : TaskState.CANCELED;
            for (StreamTask t : active) {
                close(t, end);
            }
            job.workerExited();
        }
    }

    private void close(StreamTask task, TaskState state) {
        Exception e = task.close(state);
        if (e != null) {
            if (state == TaskState.FINISHED) {
                job.fail(task, e);
            } else {
                LOG.warn("closing task {} after {} failed too", task.name(), state, e);
            }
        }
    }
}
