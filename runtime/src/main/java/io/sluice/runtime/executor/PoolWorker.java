package io.sluice.runtime.executor;

import io.sluice.runtime.task.WorkerClock;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One thread of a {@link WorkerPool}: runs the task groups placed on it, of any number of jobs and
 * runs, one round of each in turn, and idles on the sum of the work of the round. Only this thread
 * touches its groups (open, rounds, close). Other threads reach it through {@link #add} (a lock-free
 * queue drained at the top of each round) and {@link #close} (a flag); it never takes a lock itself.
 *
 * <p>A group leaves at the end of the round in which it is done (its attempt stopping, or its tasks
 * all finished): it is closed, which reports its exit to the attempt once. Task failures are caught
 * by the group and fail only its attempt, so the thread and the other groups go on.
 */
final class PoolWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolWorker.class);

    private final String name;
    private final WorkerIdle idle;
    private final BooleanSupplier allHeldBack = this::allHeldBack; // made once: a round allocates nothing
    /** Groups placed here, not yet taken by the thread: many placing threads, this one consumer. */
    private final ManyToOneConcurrentLinkedQueue<TaskGroup> incoming = new ManyToOneConcurrentLinkedQueue<>();
    /** The groups this thread runs. Its own: a plain list, walked by index so a round allocates nothing. */
    private final ArrayList<TaskGroup> groups = new ArrayList<>();
    /**
     * Tasks of the groups placed here and not closed yet: the pool's measure of load. Atomic: the
     * placing thread adds and this thread subtracts; readers only need a recent value.
     */
    private final AtomicInteger load = new AtomicInteger();
    /** This thread's time, read once a round for every task of every group here. */
    private final WorkerClock clock = new WorkerClock();
    /**
     * Set once by {@link WorkerPool#close}. Volatile, and set under the pool's lock after the last
     * {@link #add}: a round that reads it true finds every group placed here in the queue.
     */
    private volatile boolean closing;

    PoolWorker(String name, WorkerIdle idle) {
        this.name = name;
        this.idle = idle;
    }

    /** Any thread (the pool, under its lock): the group runs on this worker from its next round. */
    void add(TaskGroup group) {
        load.addAndGet(group.size());
        incoming.offer(group);
    }

    /** Any thread: tasks of the groups on this worker that have not been closed yet. */
    int load() {
        return load.get();
    }

    /** Any thread: stop the attempts still here, close their groups, then end the thread. */
    void close() {
        closing = true;
    }

    @Override
    public void run() {
        while (true) {
            boolean closingNow = closing; // before the drain: see the field's comment
            int work = takeIncoming();
            clock.tick();
            for (int i = 0; i < groups.size(); i++) {
                TaskGroup group = groups.get(i);
                if (closingNow) {
                    group.attempt().stop();
                }
                if (!group.isDone()) {
                    work += group.doWork();
                }
                if (group.isDone()) {
                    groups.remove(i--);
                    retire(group);
                    work++;
                }
            }
            if (closingNow && groups.isEmpty()) {
                return;
            }
            idle.idle(work, allHeldBack);
        }
    }

    /** Whether every task of every group here waits for room downstream (and there is one). */
    private boolean allHeldBack() {
        for (int i = 0; i < groups.size(); i++) {
            if (!groups.get(i).allHeldBack()) {
                return false;
            }
        }
        return !groups.isEmpty();
    }

    /** Opens the groups placed since the last round and adds them to this thread's; returns how many. */
    private int takeIncoming() {
        int taken = 0;
        TaskGroup group;
        while ((group = incoming.poll()) != null) {
            group.open(clock);
            groups.add(group);
            taken++;
        }
        return taken;
    }

    private void retire(TaskGroup group) {
        try {
            group.close();
        } catch (Throwable t) {
            // the end of a run (settling its checkpoints and sinks) failed: the other jobs here go on
            LOG.error("ending a run of a job on {} failed", name, t);
        } finally {
            load.addAndGet(-group.size());
        }
    }
}
