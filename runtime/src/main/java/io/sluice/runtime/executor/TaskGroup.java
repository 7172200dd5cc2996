package io.sluice.runtime.executor;

import io.sluice.runtime.task.StreamTask;
import io.sluice.runtime.task.TaskState;
import io.sluice.runtime.task.WorkerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of one {@link JobAttempt} that one worker thread runs: it opens them, gives each
 * unfinished task one {@code doWork()} per round, closes each as it finishes, and at the end closes
 * the rest and reports its exit to the attempt. Worker thread only, from {@link #open} to
 * {@link #close}: the tasks are touched by that thread alone, so they need no locks. Other threads
 * reach the group only through its attempt's stop flag, which {@link #isDone} polls.
 *
 * <p>A failure of a task (thrown by open, doWork or close) fails the attempt, which stops its other
 * groups; it never escapes to the thread that drives the group, so a worker shared by the groups of
 * several jobs goes on with the others.
 *
 * <pre>
 *   open(clock) ──► doWork() per round while !isDone() ──► close()   (exactly once: reports groupExited)
 * </pre>
 */
final class TaskGroup {

    private static final Logger LOG = LoggerFactory.getLogger(TaskGroup.class);

    private final JobAttempt attempt;
    private final int size;
    /** Tasks opened (or to be opened) and not yet closed; an indexed list, so a round allocates nothing. */
    private final ArrayList<StreamTask> active;
    private boolean closed;

    TaskGroup(JobAttempt attempt, List<StreamTask> tasks) {
        this.attempt = attempt;
        this.size = tasks.size();
        this.active = new ArrayList<>(tasks);
    }

    JobAttempt attempt() {
        return attempt;
    }

    /** How many tasks the group was given. */
    int size() {
        return size;
    }

    /**
     * Opens every task, to run on the thread that owns {@code clock} (which it ticks once a round);
     * a failure fails the attempt, and the group is then done.
     */
    void open(WorkerClock clock) {
        StreamTask current = null;
        try {
            for (int i = 0; i < active.size(); i++) {
                current = active.get(i);
                current.runOn(clock);
                current.open();
            }
        } catch (Throwable t) {
            attempt.fail(current, t);
        }
    }

    /** True once the attempt is stopping (cancelled, failed, or every task of it finished) or this group's tasks all finished. */
    boolean isDone() {
        return attempt.isStopping() || active.isEmpty();
    }

    /** Whether every task still running here ended its last turn waiting for room in a full output ring. */
    boolean allHeldBack() {
        for (int i = 0; i < active.size(); i++) {
            if (!active.get(i).isHeldBack()) {
                return false;
            }
        }
        return !active.isEmpty();
    }

    /**
     * One round: one {@code doWork()} of each unfinished task, closing those that finished.
     *
     * @return the work done, for the idle strategy
     */
    int doWork() {
        int work = 0;
        StreamTask current = null;
        try {
            for (int i = 0; i < active.size(); i++) {
                current = active.get(i);
                work += current.doWork();
                if (current.isFinished()) {
                    close(current, TaskState.FINISHED);
                    active.remove(i--);
                    attempt.taskFinished();
                }
            }
        } catch (Throwable t) {
            attempt.fail(current, t);
        }
        return work;
    }

    /**
     * Closes the tasks that have not finished (as failed when the attempt failed, else as cancelled)
     * and reports to the attempt that this group has exited. Idempotent: the report is made once.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        TaskState end = attempt.isFailed() ? TaskState.FAILED : TaskState.CANCELED;
        try {
            for (int i = 0; i < active.size(); i++) {
                close(active.get(i), end);
            }
        } finally {
            active.clear();
            attempt.groupExited(); // even if a close threw: the attempt must hear of every group's end
        }
    }

    private void close(StreamTask task, TaskState state) {
        Exception e = task.close(state);
        if (e != null) {
            if (state == TaskState.FINISHED) {
                attempt.fail(task, e);
            } else {
                LOG.warn("closing task {} after {} failed too", task.name(), state, e);
            }
        }
    }
}
