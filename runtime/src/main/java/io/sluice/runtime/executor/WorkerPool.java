package io.sluice.runtime.executor;

import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A fixed set of worker threads shared by every job of a runtime, so that many jobs in one process
 * do not each start their own. Give it to {@link LocalJobExecutor#LocalJobExecutor(WorkerPool)}:
 * every run of every job submitted through that executor (restarts included) runs here. Thread-safe:
 * runs are placed from any thread, under this object's lock, which the worker threads never take.
 *
 * <p>Placement: a run's tasks are spread round robin over {@code min(execution.workers, size(),
 * number of tasks)} groups, as on dedicated threads; each group goes to the worker with the fewest
 * tasks of groups not yet closed (the lowest index on a tie), counting the groups placed before it.
 * A group stays on its worker until it is done. The pool's idle strategy applies to every job on it
 * ({@code execution.idle-strategy} of a job is for dedicated threads).
 *
 * <p>The threads are {@code sluice-worker-<i>}; they are not daemons: they run until {@link #close}.
 */
public final class WorkerPool implements AutoCloseable {

    private static final int MAX_THREADS = 4096;

    private final PoolWorker[] workers;
    private final Thread[] threads;
    private final TaskLauncher launcher = new Launcher();
    /** Guarded by this: once set, nothing more is placed. */
    private boolean closed;

    /**
     * Starts the threads.
     *
     * @param threads      how many, from 1 to 4096; the number of cores is the usual choice
     * @param idleStrategy how idle threads wait, as {@code execution.idle-strategy}: BUSY_SPIN, BACKOFF, YIELD or SLEEP
     */
    public WorkerPool(int threads, String idleStrategy) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("a worker pool of " + threads + " threads: it needs 1 to " + MAX_THREADS
                    + "; the number of cores (" + Runtime.getRuntime().availableProcessors() + ") is the usual size");
        }
        IdleStrategyKind kind = ExecutionOptions.IDLE_STRATEGY.parse(idleStrategy);
        this.workers = new PoolWorker[threads];
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            String name = "sluice-worker-" + i;
            workers[i] = new PoolWorker(name, new WorkerIdle(kind));
            this.threads[i] = new Thread(workers[i], name);
        }
        for (Thread t : this.threads) {
            t.start();
        }
    }

    /** How many worker threads there are. */
    public int size() {
        return workers.length;
    }

    /**
     * Stops the runs still on the pool (their jobs end as cancelled; one that was about to restart
     * fails, having nowhere to run), waits until every one has closed its tasks, then ends the
     * threads. Idempotent. Called from a task of the pool, it does not wait for that task's thread.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                for (PoolWorker w : workers) {
                    w.close();
                }
            }
        }
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Runs jobs on this pool. */
    TaskLauncher launcher() {
        return launcher;
    }

    /** The pool's threads, for tests. */
    List<Thread> threads() {
        return List.of(threads);
    }

    /** Tasks of all groups on the pool not closed yet, for tests. */
    int load() {
        int sum = 0;
        for (PoolWorker w : workers) {
            sum += w.load();
        }
        return sum;
    }

    private synchronized void place(List<TaskGroup> groups) {
        if (closed) {
            throw new RejectedExecutionException("the worker pool is closed: no job can start on it any more");
        }
        for (TaskGroup group : groups) {
            leastLoaded().add(group);
        }
    }

    private PoolWorker leastLoaded() {
        PoolWorker best = workers[0];
        int bestLoad = best.load();
        for (int i = 1; i < workers.length; i++) {
            int load = workers[i].load();
            if (load < bestLoad) {
                best = workers[i];
                bestLoad = load;
            }
        }
        return best;
    }

    /** Places the groups of a run on the pool's threads. */
    private final class Launcher implements TaskLauncher {

        @Override
        public int maxGroups() {
            return workers.length;
        }

        @Override
        public List<Thread> launch(JobAttempt attempt, List<TaskGroup> groups, String jobName) {
            place(groups);
            return List.of();
        }
    }
}
