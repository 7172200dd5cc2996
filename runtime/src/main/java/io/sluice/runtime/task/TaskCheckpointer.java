package io.sluice.runtime.task;

import io.sluice.runtime.checkpoint.CheckpointAcknowledger;
import io.sluice.runtime.checkpoint.Durability;
import io.sluice.runtime.checkpoint.OperatorSubtaskState;
import io.sluice.runtime.checkpoint.TaskSnapshot;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A task's part in checkpoints. The synchronous part runs on the task's thread when the barrier is
 * aligned (or, at a source, when triggered): every operator's operator state, a capture of every
 * keyed backend, then the barrier goes downstream. The keyed state files are written on the
 * coordinator's I/O thread while the task processes on; the I/O thread then acknowledges and hands
 * the captures back to be released on the task's thread through the task's mailbox, which the task
 * reads once per turn. The coordinator's requests come through the same mailbox, so the task's
 * state is only ever touched by its own thread.
 */
final class TaskCheckpointer {

    /** Work for the task's thread, posted by other threads. */
    interface Mail {
        void run() throws Exception;
    }

    private final int taskIndex;
    private final int subtask;
    private final OperatorChain chain;
    private final String[] operatorIds;
    private final CheckpointAcknowledger coordinator;
    private final ConcurrentLinkedQueue<Mail> mail = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param coordinator null when the job takes no checkpoints (then no barrier ever comes)
     */
    TaskCheckpointer(int taskIndex, int subtask, OperatorChain chain, String[] operatorIds,
                     CheckpointAcknowledger coordinator) {
        this.taskIndex = taskIndex;
        this.subtask = subtask;
        this.chain = chain;
        this.operatorIds = operatorIds;
        this.coordinator = coordinator;
    }

    /** Any thread. */
    void post(Mail m) {
        mail.add(m);
    }

    /** One volatile read: the task calls it every turn. */
    boolean hasMail() {
        return !mail.isEmpty();
    }

    void runMail() throws Exception {
        Mail m;
        while ((m = mail.poll()) != null) {
            m.run();
        }
    }

    /**
     * Takes the task's part of checkpoint {@code id}: operator state and keyed captures now, the
     * barrier downstream, the files later on the I/O thread.
     */
    void checkpoint(long id, long alignmentNanos) throws Exception {
        long t0 = System.nanoTime();
        StreamOperator<?, ?>[] ops = chain.operators();
        List<List<byte[]>> items = new ArrayList<>(ops.length);
        KeyedStateSnapshot[] captures = new KeyedStateSnapshot[ops.length];
        KeyGroupRange[] ranges = new KeyGroupRange[ops.length];
        try {
            for (int i = 0; i < ops.length; i++) {
                StreamOperator<?, ?> op = ops[i];
                try {
                    items.add(op.snapshotState(id));
                    KeyedStateBackend backend = op.context().keyedStateBackend();
                    if (backend != null) {
                        captures[i] = backend.snapshot();
                        ranges[i] = backend.keyGroupRange();
                    }
                } catch (Throwable t) {
                    throw OperatorFailure.wrap(t, op.context().operatorName(), op.context().subtaskIndex(),
                            op.context().parallelism());
                }
            }
        } catch (Throwable t) {
            release(captures);
            throw t;
        }
        chain.broadcastBarrier(id);
        long syncNanos = System.nanoTime() - t0;
        Path dir = coordinator == null ? null : coordinator.directoryOf(id);
        if (dir == null) {
            release(captures); // aborted meanwhile: nothing to write
            return;
        }
        inFlight.incrementAndGet();
        try {
            coordinator.io().execute(() -> write(id, dir, items, captures, ranges, alignmentNanos, syncNanos));
        } catch (RuntimeException rejected) {
            inFlight.decrementAndGet();
            release(captures);
            coordinator.decline(id, taskIndex, rejected);
        }
    }

    /** On the I/O thread. */
    private void write(long id, Path dir, List<List<byte[]>> items, KeyedStateSnapshot[] captures,
                       KeyGroupRange[] ranges, long alignmentNanos, long syncNanos) {
        try {
            List<OperatorSubtaskState> states = new ArrayList<>();
            for (int i = 0; i < captures.length; i++) {
                String file = null;
                long bytes = 0;
                if (captures[i] != null) {
                    file = fileName(operatorIds[i], subtask);
                    Path f = dir.resolve(file);
                    captures[i].writeTo(f);
                    Durability.forceFile(f);
                    bytes = Files.size(f);
                }
                if (file != null || !items.get(i).isEmpty()) {
                    states.add(new OperatorSubtaskState(operatorIds[i], subtask, ranges[i], file, bytes, items.get(i)));
                }
            }
            post(() -> release(captures));
            coordinator.acknowledge(new TaskSnapshot(id, taskIndex, states, alignmentNanos, syncNanos));
        } catch (Throwable t) {
            post(() -> release(captures));
            coordinator.decline(id, taskIndex, t);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** This task cannot take checkpoint {@code id}: it fails. */
    void decline(long id, String reason) {
        if (coordinator != null) {
            coordinator.decline(id, taskIndex, new IllegalStateException(reason));
        }
    }

    private static void release(KeyedStateSnapshot[] captures) {
        for (KeyedStateSnapshot c : captures) {
            if (c != null) {
                c.release();
            }
        }
    }

    /** A file name for an operator's keyed state that any operator id maps to safely and distinctly. */
    static String fileName(String operatorId, int subtask) {
        return operatorId.replaceAll("[^A-Za-z0-9._-]", "_") + "_" + Integer.toHexString(operatorId.hashCode())
                + "-" + subtask + ".kg";
    }

    /**
     * Before the task's state is closed: waits until no I/O thread reads its captured state any more,
     * at most {@code timeoutMs}. False if writes are still running (then the state must not be freed).
     */
    boolean awaitWrites(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }
}
