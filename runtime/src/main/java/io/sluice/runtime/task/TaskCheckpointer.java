package io.sluice.runtime.task;

import io.sluice.runtime.checkpoint.ChannelStateFile;
import io.sluice.runtime.checkpoint.CheckpointAcknowledger;
import io.sluice.runtime.checkpoint.Durability;
import io.sluice.runtime.checkpoint.OperatorSubtaskState;
import io.sluice.runtime.checkpoint.TaskSnapshot;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateSnapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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

    private static final Logger LOG = LoggerFactory.getLogger(TaskCheckpointer.class);

    /** Work for the task's thread, posted by other threads. */
    interface Mail {
        void run() throws Exception;
    }

    private final int taskIndex;
    private final int subtask;
    private final OperatorChain chain;
    private final String[] operatorIds;
    /** Per operator, the names of its state files in a checkpoint directory (computed once). */
    private final String[] keyedFiles;
    private final String inFlightFile;
    private final CheckpointAcknowledger coordinator;
    private final ConcurrentLinkedQueue<Mail> mail = new ConcurrentLinkedQueue<>();
    /**
     * Snapshot writes in flight on the I/O thread, plus {@link #CLOSED} once the task has closed:
     * whoever brings it to exactly {@code CLOSED} (the task closing with no write in flight, or the
     * last write ending after the close) gives the keyed state back, once.
     */
    private final AtomicInteger writes = new AtomicInteger();
    private static final int CLOSED = 1 << 30;
    /** Gives the keyed state back; set by {@link #closeStateAfterWrites} before {@link #CLOSED}. */
    private volatile StateCloser stateCloser;

    /** Closes the keyed state of a closed task. */
    interface StateCloser {
        Exception close();
    }

    /**
     * @param coordinator null when the job takes no checkpoints (then no barrier ever comes)
     */
    TaskCheckpointer(int taskIndex, int subtask, OperatorChain chain, String[] operatorIds,
                     CheckpointAcknowledger coordinator) {
        this.taskIndex = taskIndex;
        this.subtask = subtask;
        this.chain = chain;
        this.operatorIds = operatorIds;
        this.keyedFiles = new String[operatorIds.length];
        for (int i = 0; i < operatorIds.length; i++) {
            keyedFiles[i] = fileName(operatorIds[i], subtask, ".kg");
        }
        this.inFlightFile = fileName(operatorIds[0], subtask, ".inflight");
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

    /** Whether a checkpoint coordinator takes this task's snapshots (false in a job without one). */
    boolean hasCoordinator() {
        return coordinator != null;
    }

    /** The task has ended and waits for the end of the job. */
    void taskEnded() {
        if (coordinator != null) {
            coordinator.taskEnded(taskIndex);
        }
    }

    /**
     * Takes the task's part of checkpoint {@code id}: operator state and keyed captures now, the
     * barrier downstream, the files later on the I/O thread.
     */
    void checkpoint(long id, boolean savepoint, long alignmentNanos) throws Exception {
        Snapshot snapshot = capture(id, savepoint, alignmentNanos, false);
        if (snapshot != null) {
            snapshot.write(null);
        }
    }

    /**
     * The part of a task that has ended: operator state only (a sink's last transactions), marked
     * finished so that a restore does not run the task again. No barrier (END_OF_INPUT went out
     * already) and no keyed state: nothing will ever be read from it.
     */
    void checkpointFinished(long id, boolean savepoint) throws Exception {
        Snapshot snapshot = capture(id, savepoint, 0, true);
        if (snapshot != null) {
            snapshot.write(null);
        }
    }

    /**
     * The synchronous part of an unaligned checkpoint: state captured and the barrier forwarded
     * now; the files are written once the in-flight input records are collected ({@link Snapshot#write}).
     *
     * @return null when the checkpoint was aborted meanwhile
     */
    Snapshot checkpointUnaligned(long id, long alignmentNanos) throws Exception {
        return capture(id, false, alignmentNanos, false);
    }

    /** What the synchronous part captured, to be written once. */
    final class Snapshot {
        private final long id;
        private final Path dir;
        private final List<List<byte[]>> items;
        private final KeyedStateSnapshot[] captures;
        private final KeyGroupRange[] ranges;
        private final long alignmentNanos;
        private final long syncNanos;
        private final boolean finished;
        private final boolean transactions;

        private Snapshot(long id, Path dir, List<List<byte[]>> items, KeyedStateSnapshot[] captures,
                         KeyGroupRange[] ranges, long alignmentNanos, long syncNanos, boolean finished,
                         boolean transactions) {
            this.id = id;
            this.dir = dir;
            this.items = items;
            this.captures = captures;
            this.ranges = ranges;
            this.alignmentNanos = alignmentNanos;
            this.syncNanos = syncNanos;
            this.finished = finished;
            this.transactions = transactions;
        }

        long id() {
            return id;
        }

        /** Hands the writing to the I/O thread; {@code inFlight} are the head's in-flight input records, or null. */
        void write(ChannelStateFile.Writer inFlight) {
            submit(this, inFlight);
        }

        /** The checkpoint was aborted before it was written. */
        void discard() {
            release(captures);
        }
    }

    private Snapshot capture(long id, boolean savepoint, long alignmentNanos, boolean finished) throws Exception {
        long t0 = System.nanoTime();
        StreamOperator<?, ?>[] ops = chain.operators();
        List<List<byte[]>> items = new ArrayList<>(ops.length);
        KeyedStateSnapshot[] captures = new KeyedStateSnapshot[ops.length];
        KeyGroupRange[] ranges = new KeyGroupRange[ops.length];
        boolean transactions = false;
        try {
            for (int i = 0; i < ops.length; i++) {
                StreamOperator<?, ?> op = ops[i];
                try {
                    items.add(op.snapshotState(id));
                    transactions |= op.hasPendingTransactions();
                    KeyedStateBackend backend = op.context().keyedStateBackend();
                    if (backend != null && !finished) {
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
        if (!finished) {
            chain.broadcastBarrier(id, savepoint);
        }
        long syncNanos = System.nanoTime() - t0;
        Path dir = coordinator == null ? null : coordinator.directoryOf(id);
        if (dir == null) {
            release(captures); // aborted meanwhile: nothing to write
            return null;
        }
        return new Snapshot(id, dir, items, captures, ranges, alignmentNanos, syncNanos, finished, transactions);
    }

    private void submit(Snapshot s, ChannelStateFile.Writer inFlight) {
        writes.incrementAndGet(); // the worker closes the task, so no write is submitted after CLOSED
        try {
            coordinator.io().execute(() -> write(s, inFlight));
        } catch (RuntimeException rejected) {
            writes.decrementAndGet();
            release(s.captures);
            coordinator.decline(s.id, taskIndex, rejected);
        }
    }


    /** On the I/O thread. */
    private void write(Snapshot s, ChannelStateFile.Writer inFlightRecords) {
        try {
            List<OperatorSubtaskState> states = new ArrayList<>();
            for (int i = 0; i < s.captures.length; i++) {
                String file = null;
                long bytes = 0;
                if (s.captures[i] != null) {
                    file = keyedFiles[i];
                    Path f = s.dir.resolve(file);
                    s.captures[i].writeTo(f);
                    Durability.forceFile(f);
                    bytes = Files.size(f);
                }
                String channelFile = null;
                long channelBytes = 0;
                if (i == 0 && inFlightRecords != null && inFlightRecords.count() > 0) {
                    channelFile = inFlightFile;
                    Path f = s.dir.resolve(channelFile);
                    Files.write(f, inFlightRecords.toBytes());
                    Durability.forceFile(f);
                    channelBytes = Files.size(f);
                }
                if (s.finished || file != null || channelFile != null || !s.items.get(i).isEmpty()) {
                    states.add(new OperatorSubtaskState(operatorIds[i], subtask, chain.operators()[i].context().parallelism(),
                            s.ranges[i], file, bytes,
                            s.items.get(i), channelFile, channelBytes, s.finished));
                }
            }
            post(() -> release(s.captures));
            coordinator.acknowledge(new TaskSnapshot(s.id, taskIndex, states, s.alignmentNanos, s.syncNanos,
                    s.finished, s.transactions));
        } catch (Throwable t) {
            post(() -> release(s.captures));
            coordinator.decline(s.id, taskIndex, t);
        } finally {
            if (writes.decrementAndGet() == CLOSED) {
                closeState(); // the task closed while this was written: its state goes back now
            }
        }
    }

    private static void release(KeyedStateSnapshot[] captures) {
        for (KeyedStateSnapshot c : captures) {
            if (c != null) {
                c.release();
            }
        }
    }

    /** A file name for an operator's state that any operator id maps to safely and distinctly. */
    static String fileName(String operatorId, int subtask, String suffix) {
        return operatorId.replaceAll("[^A-Za-z0-9._-]", "_") + "_" + Integer.toHexString(operatorId.hashCode())
                + "-" + subtask + suffix;
    }

    /**
     * The task has closed (worker thread): its keyed state goes back now when no snapshot of it is
     * being written, else when the last write ends, on the I/O thread. Never waits.
     *
     * @return the failure of closing the state now, or null (also when it was left to the I/O thread,
     *         which logs a failure)
     */
    Exception closeStateAfterWrites(StateCloser closer) {
        stateCloser = closer;
        if (writes.getAndAdd(CLOSED) == 0) {
            stateCloser = null;
            return closer.close();
        }
        return null;
    }

    private void closeState() {
        StateCloser closer = stateCloser;
        stateCloser = null;
        Exception e = closer.close();
        if (e != null) {
            LOG.warn("giving back the state of a closed task after its last snapshot was written failed", e);
        }
    }
}
