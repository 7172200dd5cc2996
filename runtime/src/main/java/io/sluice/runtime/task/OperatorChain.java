package io.sluice.runtime.task;

import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.state.KeyedStateBackend;

import java.util.List;

/**
 * The operators of one task in order, with the writers that leave the chain at each position.
 * Drives everything that is not a record through the chain, in order and resumably: a watermark
 * is handed to operator i only after operator i-1 has fired every timer it released, and reaches
 * an edge only after everything emitted before it. Timer firing is bounded per task turn by a
 * {@link TimerBudget} that every operator's firing shares: a watermark that releases more timers
 * than that stays pending, and the task neither reads input nor forwards it until a later turn
 * has fired the rest. Task thread only.
 */
final class OperatorChain {

    private final StreamOperator<?, ?>[] operators;
    private final OperatorCounters[] counters;
    /** Writers leaving the chain at each position (main outputs of the tail, side outputs anywhere). */
    private final RecordWriter[][] writersAt;
    private final RecordWriter[] allWriters;
    /** See {@link #isInputBlocked}; known once the operators are open. */
    private StreamOperator<?, ?>[] blocking = new StreamOperator<?, ?>[0];
    private final TimerBudget timerBudget;
    /** The chain's links in copies of their own, given back when the task closes. */
    private final List<ChainLinks.Lease> links;

    private int pendingIndex = -1;
    private long pendingWatermark;
    /**
     * A watermark an operator made while another was on its way through the chain (a timestamp
     * assigner after a keyed operator, fed by the timers the other released): it goes on from
     * here once the other has finished, so that the other's firing is never cut short.
     */
    private int deferredOwnFrom = -1;
    private long deferredOwnWatermark;
    /** A status that arrived while a watermark was paused; it follows the watermark. */
    private byte deferredStatus = -1;
    private int deferredStatusFrom;
    private boolean deferredFromOperator;
    private int finishIndex;

    OperatorChain(StreamOperator<?, ?>[] operators, OperatorCounters[] counters, RecordWriter[][] writersAt,
                  RecordWriter[] allWriters, TimerBudget timerBudget, List<ChainLinks.Lease> links) {
        this.operators = operators;
        this.links = links;
        this.timerBudget = timerBudget;
        this.counters = counters;
        this.writersAt = writersAt;
        this.allWriters = allWriters;
    }

    StreamOperator<?, ?>[] operators() {
        return operators;
    }

    OperatorCounters[] counters() {
        return counters;
    }

    RecordWriter[] allWriters() {
        return allWriters;
    }

    /** A task turn starts: the chain may fire a whole budget of timers again. */
    void newTurn() {
        timerBudget.newTurn();
    }

    boolean hasPendingWatermark() {
        return pendingIndex >= 0;
    }

    /**
     * True while an operator of the chain cannot take input: a sink that is behind, an async
     * operator with every request slot busy. Checked per input element: only the operators that can
     * block are asked.
     */
    boolean isInputBlocked() {
        for (StreamOperator<?, ?> op : blocking) {
            if (op.isBlocked()) {
                return true;
            }
        }
        return false;
    }

    /** The operators are open: from now on only those that may say they are blocked are asked. */
    void opened() {
        java.util.List<StreamOperator<?, ?>> mayBlock = new java.util.ArrayList<>();
        for (StreamOperator<?, ?> op : operators) {
            if (op.mayBlock()) {
                mayBlock.add(op);
            }
        }
        blocking = mayBlock.toArray(new StreamOperator<?, ?>[0]);
    }

    /**
     * Starts moving {@code watermark} through operators from {@code from} on; false if it paused
     * (full output or spent timer budget): {@link #resumeWatermark} goes on in a later turn.
     */
    boolean startWatermark(int from, long watermark) throws Exception {
        pendingIndex = from;
        pendingWatermark = watermark;
        return resumeWatermark();
    }

    /**
     * An operator made a watermark itself: its own edges get it, then the operators after it, at
     * once or, while another watermark is on its way (possibly paused), right after that one.
     */
    boolean emitFrom(int position, long watermark) throws Exception {
        broadcast(writersAt[position], StreamElement.WATERMARK, watermark);
        if (pendingIndex >= 0) {
            deferredOwnFrom = position + 1;
            deferredOwnWatermark = watermark; // an operator's own watermarks only grow: the last one holds
            return false;
        }
        return startWatermark(position + 1, watermark);
    }

    /** Continues the pending watermark; true when it has reached the end of the chain. */
    boolean resumeWatermark() throws Exception {
        while (pendingIndex >= 0 && pendingIndex < operators.length) {
            StreamOperator<?, ?> op = operators[pendingIndex];
            int result;
            try {
                result = op.processWatermark(pendingWatermark);
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, op.context().operatorName(), op.context().subtaskIndex(),
                        op.context().parallelism());
            }
            if (result == StreamOperator.PAUSED) {
                return false;
            }
            if (result == StreamOperator.HOLD) {
                break;
            }
            broadcast(writersAt[pendingIndex], StreamElement.WATERMARK, pendingWatermark);
            pendingIndex++;
        }
        pendingIndex = -1;
        if (deferredOwnFrom >= 0) {
            int from = deferredOwnFrom;
            deferredOwnFrom = -1;
            // unless the one that went first carried a later time past it (the final watermark)
            if (from < operators.length && operators[from].currentWatermark() < deferredOwnWatermark) {
                return startWatermark(from, deferredOwnWatermark); // a status deferred follows it
            }
        }
        if (deferredStatus >= 0) {
            byte status = deferredStatus;
            deferredStatus = -1;
            propagateStatus(deferredStatusFrom, status, deferredFromOperator);
        }
        return true;
    }

    /**
     * Sends IDLE or ACTIVE through the chain, stopping at the first operator that makes its own
     * event time. {@code fromOperator}: the status was made by the operator at {@code from} itself.
     */
    void propagateStatus(int from, byte status, boolean fromOperator) {
        if (pendingIndex >= 0) {
            deferredStatus = status;
            deferredStatusFrom = from;
            deferredFromOperator = fromOperator;
            return;
        }
        int i = from;
        if (fromOperator) {
            broadcast(writersAt[from], status, 0L);
            i++;
        }
        for (; i < operators.length; i++) {
            if (!operators[i].forwardsStatus()) {
                return;
            }
            broadcast(writersAt[i], status, 0L);
        }
    }

    boolean hasDueProcessingTimers(long nowMs) {
        for (StreamOperator<?, ?> op : operators) {
            if (op.hasDueProcessingTimers(nowMs)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fires due processing-time timers in chain order; false when paused by a full output or a
     * spent timer budget (the task calls again in a later turn: the timers are still due then).
     */
    boolean onProcessingTime(long nowMs) throws Exception {
        for (StreamOperator<?, ?> op : operators) {
            if (op.hasDueProcessingTimers(nowMs)) {
                try {
                    if (!op.onProcessingTime(nowMs)) {
                        return false;
                    }
                } catch (Throwable t) {
                    throw OperatorFailure.wrap(t, op.context().operatorName(), op.context().subtaskIndex(),
                            op.context().parallelism());
                }
            }
        }
        return true;
    }

    void onPeriodic(long nowMs) throws Exception {
        for (StreamOperator<?, ?> op : operators) {
            try {
                op.onPeriodic(nowMs);
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, op.context().operatorName(), op.context().subtaskIndex(),
                        op.context().parallelism());
            }
        }
    }

    /**
     * End of input, after the final watermark: finishes operators in order (each may still emit),
     * then sends END_OF_INPUT on every edge. False when paused by a full output or a spent timer
     * budget (processing-time timers fire at the end too).
     */
    boolean finish() throws Exception {
        while (finishIndex < operators.length) {
            StreamOperator<?, ?> op = operators[finishIndex];
            boolean done;
            try {
                done = op.finish();
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, op.context().operatorName(), op.context().subtaskIndex(),
                        op.context().parallelism());
            }
            if (!done) {
                return false;
            }
            finishIndex++;
        }
        if (finishIndex == operators.length) {
            broadcast(allWriters, StreamElement.END_OF_INPUT, Long.MAX_VALUE);
            finishIndex++;
        }
        return true;
    }

    /**
     * A task restored as finished: its operators had finished and emitted everything in an earlier
     * run, so only END_OF_INPUT goes out, on every edge.
     */
    void endWithoutFinishing() {
        if (finishIndex <= operators.length) {
            broadcast(allWriters, StreamElement.END_OF_INPUT, Long.MAX_VALUE);
            finishIndex = operators.length + 1;
        }
    }

    /** Sends checkpoint barrier {@code checkpointId} on every edge, after everything emitted before it. */
    void broadcastBarrier(long checkpointId, boolean savepoint) {
        for (RecordWriter w : allWriters) {
            w.broadcastBarrier(checkpointId, savepoint);
        }
    }

    /** Tells every operator, in chain order, that checkpoint {@code checkpointId} is complete. */
    void notifyCheckpointComplete(long checkpointId) throws Exception {
        for (StreamOperator<?, ?> op : operators) {
            try {
                op.notifyCheckpointComplete(checkpointId);
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, op.context().operatorName(), op.context().subtaskIndex(),
                        op.context().parallelism());
            }
        }
    }

    /** Closes every operator (user functions' {@code close}); their keyed state stays until {@link #closeState}. */
    Exception closeOperators() {
        Exception first = null;
        for (StreamOperator<?, ?> op : operators) {
            first = collect(first, op::close);
        }
        return first;
    }

    /** After {@link #closeOperators}: the chain's links let go of its operators; no record passes them after this. */
    void releaseLinks() {
        for (ChainLinks.Lease lease : links) {
            lease.release();
        }
        links.clear();
    }

    /**
     * Gives back the keyed state's memory, after {@link #closeOperators} and once no snapshot of it
     * is being written: on the worker thread, or on the I/O thread that wrote the last snapshot.
     */
    Exception closeState() {
        Exception first = null;
        for (StreamOperator<?, ?> op : operators) {
            KeyedStateBackend backend = op.context() == null ? null : op.context().keyedStateBackend();
            if (backend != null) {
                first = collect(first, backend::close);
            }
        }
        return first;
    }

    private interface Closing {
        void run() throws Exception;
    }

    private static Exception collect(Exception first, Closing closing) {
        try {
            closing.run();
            return first;
        } catch (Exception e) {
            if (first == null) {
                return e;
            }
            first.addSuppressed(e);
            return first;
        }
    }

    private static void broadcast(RecordWriter[] writers, byte kind, long timestamp) {
        for (RecordWriter w : writers) {
            w.broadcast(kind, timestamp);
        }
    }
}
