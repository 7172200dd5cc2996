package io.sluice.runtime.task;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.runtime.channel.BackPressure;
import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.runtime.checkpoint.CheckpointParticipant;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.TwoInputOperator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * One subtask of one chain: takes elements from its input gate (or its source), pushes them
 * through the chain, and stops taking input whenever an output is full or bulk work (timers
 * released by a watermark, end of input) is pending. Everything runs on the worker thread that
 * owns the task; other threads only read its metrics.
 *
 * <p>One turn ({@link #doWork()}), in order: drain overflow into the rings; continue a paused
 * watermark; fire due processing-time timers; periodic watermark generation; then up to
 * {@code batchSize} input elements. Each step returns early when the output fills up. The timers
 * a turn fires (event time, processing time, end of input, in any operator) share one budget of
 * {@code batchSize}; a firing that spends it pauses, and the task reads nothing until it is done.
 *
 * <p>A task headed by a two-input operator (from {@code connect}) reads the channels of both inputs
 * through one gate and hands each record to input 1 ({@code processElement}) or input 2
 * ({@link TwoInputOperator#processElement2}) by the channel it came on; watermarks, idleness,
 * barriers and end of input are the gate's, over the channels of both inputs.
 *
 * <p>At the end of its input the task finishes its operators and sends END_OF_INPUT, then (in a job
 * with a checkpoint coordinator) waits for the end of the job while still taking part in
 * checkpoints as finished: its sinks' last transactions are committed by the job's final
 * checkpoint, never outside one (see {@link TaskState}).
 */
public final class StreamTask implements Tasklet, CheckpointParticipant {

    private static final VarHandle BUSY;
    private static final VarHandle BACK_PRESSURED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BUSY = lookup.findVarHandle(StreamTask.class, "shownBusyNs", long.class);
            BACK_PRESSURED = lookup.findVarHandle(StreamTask.class, "shownBackPressuredNs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int subtaskIndex;
    private final OperatorChain chain;
    private final InputGate input;
    private final SourceOperator<?, ?> source;
    /**
     * The source's reader once open, polled here directly with the source as its output: a call
     * less between this loop and the chain, so the JIT more often compiles the loop, the reader and
     * the whole chain as one body (and then need not allocate an event that never leaves it).
     */
    @SuppressWarnings("rawtypes")
    private SourceReader sourceReader;
    /** The head's second input when it is a two-input operator, else null. */
    private final TwoInputOperator<Object> secondInput;
    private final BackPressure backPressure;
    private final int batchSize;
    private final long periodicIntervalMs;
    private final TaskClock clock;
    /** Null when latency tracking is off: then no marker exists and nothing below reads a clock for one. */
    private final LatencyMarkers latencyMarkers;
    /** A source task with latency tracking on: it sends the markers. */
    private final boolean sendsLatencyMarkers;
    /** "chain (subtask)", built once: it is asked for on paths that must not allocate. */
    private final String displayName;

    private volatile TaskState state = TaskState.CREATED;
    private long nextPeriodicMs;
    private boolean inputEnded;
    private boolean finalWatermarkStarted;
    private final long startNs = System.nanoTime();
    /** Worker thread only; published for other threads with {@link #publishMetrics}. */
    private long busyNs;
    private long backPressuredNs;
    /** What other threads read: release stores by the worker, acquire loads by the reader. */
    @SuppressWarnings("unused")
    private long shownBusyNs;
    @SuppressWarnings("unused")
    private long shownBackPressuredNs;
    /** Whether the last turn ended with a full output ring, and when it ended (worker thread only). */
    private boolean heldBack;
    private long heldBackSinceNs;
    /** Lifetime of the task once closed, -1 before: its idle time stops growing. Volatile: read by metrics. */
    private volatile long closedAfterNs = -1;
    private TaskCheckpointer checkpointer;
    private BarrierHandler barriers;
    /** In-flight input restored from an unaligned checkpoint, processed before anything else. */
    private List<io.sluice.runtime.checkpoint.ChannelStateFile.Record> recoveredInput = List.of();
    private int recoveredIndex;
    /** Restored from a checkpoint in which this subtask had finished: it runs nothing again. */
    private boolean finishedOnRestore;
    /** Whether the task waits for the job's end after its own (false without a checkpoint coordinator). */
    private boolean awaitsEndOfJob;

    StreamTask(String name, int subtaskIndex, OperatorChain chain, InputGate input, SourceOperator<?, ?> source,
               BackPressure backPressure, int batchSize, long periodicIntervalMs, TaskClock clock,
               LatencyMarkers latencyMarkers) {
        this.name = name;
        this.subtaskIndex = subtaskIndex;
        this.chain = chain;
        this.input = input;
        this.source = source;
        this.secondInput = secondInputOf(chain.operators()[0]);
        this.backPressure = backPressure;
        this.batchSize = batchSize;
        this.periodicIntervalMs = periodicIntervalMs;
        this.clock = clock;
        this.latencyMarkers = latencyMarkers;
        this.sendsLatencyMarkers = latencyMarkers != null && source != null;
        this.displayName = name + " (" + (subtaskIndex + 1) + ")";
    }

    @SuppressWarnings("unchecked")
    private static TwoInputOperator<Object> secondInputOf(StreamOperator<?, ?> head) {
        return head instanceof TwoInputOperator<?> two ? (TwoInputOperator<Object>) two : null;
    }

    /**
     * @param unaligned             barriers overtake in-flight input, which goes into the checkpoint
     * @param alignmentTimeoutNanos aligned checkpoints go unaligned this long after their trigger; 0 never
     */
    void setCheckpointing(TaskCheckpointer checkpointer, boolean unaligned, long alignmentTimeoutNanos) {
        this.checkpointer = checkpointer;
        this.barriers = new BarrierHandler(checkpointer, chain, input, unaligned, alignmentTimeoutNanos);
        this.awaitsEndOfJob = checkpointer.hasCoordinator();
    }

    /** This subtask had finished in the checkpoint it starts from: it only says so downstream. */
    void setFinishedOnRestore() {
        this.finishedOnRestore = true;
    }

    /** The task's operators (tests in this package look at their state). */
    OperatorChain chain() {
        return chain;
    }

    /** Whether this task was restored as finished (tests, logs). */
    public boolean isFinishedOnRestore() {
        return finishedOnRestore;
    }

    void setRecoveredInput(List<io.sluice.runtime.checkpoint.ChannelStateFile.Record> records) {
        this.recoveredInput = records;
    }

    /**
     * Worker thread: whether the last turn ended with an output ring full, so the task takes no input
     * until it drains.
     */
    public boolean isHeldBack() {
        return heldBack;
    }

    // ---- CheckpointParticipant: called by the coordinator's threads, acted on in the next turn ----

    @Override
    public boolean isSource() {
        return source != null;
    }

    @Override
    public boolean isTerminated() {
        return state.isTerminal();
    }

    @Override
    public void triggerCheckpoint(long id, boolean savepoint) {
        checkpointer.post(() -> barriers.trigger(id, savepoint));
    }

    @Override
    public void checkpointStarted(long id, boolean savepoint, long triggerNanos) {
        // every task hears of it: one whose input has ended takes its part without a barrier
        checkpointer.post(() -> barriers.announce(id, savepoint, triggerNanos));
    }

    @Override
    public void notifyCheckpointComplete(long id) {
        checkpointer.post(() -> chain.notifyCheckpointComplete(id));
    }

    @Override
    public void finishJob(long id) {
        checkpointer.post(() -> {
            chain.notifyCheckpointComplete(id);
            state = TaskState.FINISHED;
        });
    }

    /**
     * Splits discovered while the job runs, for this source task's reader; any thread, acted on in
     * the next turn. A reader that has already ended cannot take them: that fails the task, naming
     * the contract the source broke (its splits would be lost otherwise).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void addDiscoveredSplits(List<? extends io.sluice.api.connector.SourceSplit> splits) {
        checkpointer.post(() -> {
            if (inputEnded || state != TaskState.RUNNING) {
                throw new IllegalStateException("source '" + source.context().operatorName() + "' subtask "
                        + (subtaskIndex + 1) + " discovered new splits " + splits + " after its reader had ended;"
                        + " the reader of a source that discovers splits must not return END_OF_INPUT while the"
                        + " job runs");
            }
            ((SourceOperator) source).addDiscoveredSplits(splits);
        });
    }

    @Override
    public void notifyCheckpointAborted(long id) {
        checkpointer.post(() -> barriers.abort(id));
    }

    @Override
    public String name() {
        return displayName;
    }

    public TaskState state() {
        return state;
    }

    /** Before {@link #open}: the task runs on the worker thread that owns {@code workerClock}. */
    public void runOn(WorkerClock workerClock) {
        clock.runOn(workerClock);
    }

    @Override
    public void open() throws Exception {
        StreamOperator<?, ?>[] ops = chain.operators();
        // Open from the tail so that an operator's downstream is ready before it can emit.
        for (int i = ops.length - 1; i >= 0; i--) {
            try {
                ops[i].open();
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, ops[i].context().operatorName(), ops[i].context().subtaskIndex(),
                        ops[i].context().parallelism());
            }
        }
        chain.opened();
        if (source != null) {
            sourceReader = source.reader();
        }
        nextPeriodicMs = clock.nowMs() + periodicIntervalMs;
        inputEnded = finishedOnRestore;
        state = TaskState.RUNNING;
    }

    /**
     * One turn. The time it starts at is the worker's (read once per round, or at the end of the
     * task before on the same worker that did work); a turn that did work reads the clock once at
     * its end. Busy time is the sum of turns that did work, back-pressured time the gaps between a
     * turn that ended with a full output ring and the next turn. Both are per turn, never per
     * element, and published for other threads once per turn that did work.
     */
    @Override
    public int doWork() throws Exception {
        WorkerClock time = clock.worker();
        long t0 = time.nowNs();
        if (heldBack) {
            backPressuredNs += t0 - heldBackSinceNs;
        }
        int work;
        try {
            work = turn(t0);
        } finally {
            publishWriters(); // what this turn wrote shows in the rings' sizes (consumers see it as written)
            if (input != null) {
                input.commitReleases(); // and what it read goes back upstream
            }
        }
        long endNs = t0; // a turn without work took no time worth a clock read
        if (work > 0) {
            endNs = time.lap();
            busyNs += endNs - t0;
        }
        boolean wasHeldBack = heldBack;
        heldBack = backPressure.isBlocked();
        heldBackSinceNs = endNs;
        if (work > 0) {
            publishMetrics();
        } else if (wasHeldBack) {
            BACK_PRESSURED.setRelease(this, backPressuredNs); // all else is as the last turn left it
        }
        return work;
    }

    private int turn(long nowNs) throws Exception {
        chain.newTurn();
        long now = clock.nowMs();
        int work = drainWriters();
        if (checkpointer.hasMail()) {
            checkpointer.runMail();
            work++;
        }
        if (state != TaskState.RUNNING && state != TaskState.FINISHING) {
            // ended (or finished by the mail just run): nothing but checkpoints, taken as finished
            return state == TaskState.AWAITING_END_OF_JOB ? work + barriers.stepEnded() : work;
        }
        work += barriers.step(inputEnded, nowNs);
        if (finishedOnRestore) {
            return work + finishStep(); // no timers, no watermarks: it had emitted everything before
        }
        if (backPressure.isBlocked()) {
            return work;
        }
        if (chain.hasPendingWatermark()) {
            work++;
            if (!chain.resumeWatermark()) {
                return work;
            }
        }
        if (chain.hasDueProcessingTimers(now)) {
            work++;
            if (!chain.onProcessingTime(now)) {
                return work;
            }
        }
        if (now >= nextPeriodicMs) {
            nextPeriodicMs = now + periodicIntervalMs;
            chain.onPeriodic(now);
            // work, so that the turn publishes what the step changed (a quiet source's watermark)
            work++;
            if (chain.hasPendingWatermark() || backPressure.isBlocked()) {
                return work;
            }
        }
        if (inputEnded) {
            return work + finishStep();
        }
        if (sendsLatencyMarkers) {
            // once per turn, between elements: behind what the source emitted so far, before the rest
            work += latencyMarkers.maybeEmit(now);
        }
        return work + (source != null ? pollSource() : pollInput());
    }

    @SuppressWarnings("unchecked")
    private int pollSource() throws Exception {
        int n = 0;
        while (n < batchSize && !backPressure.isBlocked() && !chain.hasPendingWatermark() && !chain.isInputBlocked()) {
            InputStatus status;
            try {
                status = sourceReader.pollNext(source);
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, source.context().operatorName(), subtaskIndex,
                        source.context().parallelism());
            }
            if (status == InputStatus.END_OF_INPUT) {
                inputEnded = true;
                return n + 1;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                return n;
            }
            n++;
        }
        return n;
    }

    private int pollInput() throws Exception {
        int n = 0;
        @SuppressWarnings("unchecked")
        StreamOperator<Object, ?> head = (StreamOperator<Object, ?>) chain.operators()[0];
        OperatorCounters headCounters = chain.counters()[0];
        if (recoveredIndex < recoveredInput.size()) {
            return replayRecoveredInput(head, headCounters);
        }
        while (n < batchSize && !backPressure.isBlocked() && !chain.hasPendingWatermark() && !chain.isInputBlocked()) {
            StreamElement e = input.poll();
            if (e == null) {
                return n;
            }
            n++;
            barriers.beforeConsume();
            if (e.kind() == StreamElement.RECORD) {
                Object value = e.value();
                long ts = e.timestamp();
                // a one-input task never looks up the channel's input
                boolean first = secondInput == null || input.currentInput() == 0;
                input.release();
                headCounters.recordsIn++;
                try {
                    if (first) {
                        head.processElement(value, ts);
                    } else {
                        secondInput.processElement2(value, ts);
                    }
                } catch (Throwable t) {
                    throw OperatorFailure.wrap(t, head.context().operatorName(), subtaskIndex,
                            head.context().parallelism());
                }
                continue;
            }
            if (e.kind() == StreamElement.BARRIER) {
                barriers.onBarrier(e.timestamp(), e.value() == StreamElement.SAVEPOINT);
                continue;
            }
            if (e.kind() == StreamElement.LATENCY_MARKER) {
                // never seen by operators, nor by the gate's event time: recorded and passed on
                Object origin = e.value();
                long emittedNs = e.timestamp();
                input.release();
                latencyMarkers.onMarker(origin, emittedNs);
                continue;
            }
            int change = input.onElement(e);
            input.release();
            if ((change & InputGate.CHANNEL_ENDED) != 0) {
                barriers.onEndOfInput(); // may complete the alignment under way
            }
            if ((change & InputGate.BECAME_ACTIVE) != 0) {
                chain.propagateStatus(0, StreamElement.ACTIVE, false);
            }
            if ((change & InputGate.WATERMARK_ADVANCED) != 0) {
                chain.startWatermark(0, input.watermark());
            }
            if ((change & InputGate.BECAME_IDLE) != 0) {
                chain.propagateStatus(0, StreamElement.IDLE, false);
            }
            if ((change & InputGate.ALL_ENDED) != 0) {
                inputEnded = true;
                return n;
            }
        }
        return n;
    }

    /** Replays in-flight input restored from an unaligned checkpoint, a batch per turn. */
    private int replayRecoveredInput(StreamOperator<Object, ?> head, OperatorCounters headCounters) throws Exception {
        int n = 0;
        while (n < batchSize && recoveredIndex < recoveredInput.size() && !backPressure.isBlocked()
                && !chain.isInputBlocked()) {
            io.sluice.runtime.checkpoint.ChannelStateFile.Record r = recoveredInput.get(recoveredIndex++);
            headCounters.recordsIn++;
            try {
                if (r.input() == 0) {
                    head.processElement(r.value(), r.timestamp());
                } else {
                    secondInput.processElement2(r.value(), r.timestamp());
                }
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, head.context().operatorName(), subtaskIndex, head.context().parallelism());
            }
            n++;
        }
        if (recoveredIndex == recoveredInput.size()) {
            recoveredInput = List.of(); // let go of the records
            recoveredIndex = 0;
        }
        return n;
    }

    /**
     * End of input, resumable: the final watermark, then finishing every operator, then END_OF_INPUT;
     * a task restored as finished sends END_OF_INPUT only. Then it waits for the end of the job.
     */
    private int finishStep() throws Exception {
        if (state == TaskState.RUNNING) {
            state = TaskState.FINISHING;
        }
        if (finishedOnRestore) {
            chain.endWithoutFinishing();
            return ended();
        }
        if (!finalWatermarkStarted) {
            finalWatermarkStarted = true;
            if (source != null) {
                source.emitFinalWatermark();
            } else if (input.watermark() != Long.MAX_VALUE) {
                chain.startWatermark(0, Long.MAX_VALUE);
            }
            return 1;
        }
        if (!chain.finish()) {
            return 1;
        }
        return ended();
    }

    /** Everything is emitted once the overflow has drained: the task has ended. */
    private int ended() {
        drainWriters();
        if (backPressure.isBlocked()) {
            return 1;
        }
        if (awaitsEndOfJob) {
            state = TaskState.AWAITING_END_OF_JOB;
            checkpointer.taskEnded();
        } else {
            state = TaskState.FINISHED;
        }
        return 1;
    }

    private void publishWriters() {
        for (RecordWriter w : chain.allWriters()) {
            w.publish();
        }
    }

    private int drainWriters() {
        int moved = 0;
        for (RecordWriter w : chain.allWriters()) {
            moved += w.drain();
        }
        return moved;
    }

    @Override
    public boolean isFinished() {
        return state == TaskState.FINISHED;
    }

    /**
     * Closes the operators now, on the worker thread, and never waits: the keyed state's memory goes
     * back now, or, while an I/O thread is still writing a snapshot of it, when the last such write
     * ends (on that thread). Other tasks on this worker go on meanwhile.
     */
    @Override
    public Exception close(TaskState finalState) {
        Exception failure = chain.closeOperators();
        chain.releaseLinks();
        Exception stateFailure = checkpointer.closeStateAfterWrites(chain::closeState);
        if (stateFailure != null) {
            if (failure == null) {
                failure = stateFailure;
            } else {
                failure.addSuppressed(stateFailure);
            }
        }
        long now = System.nanoTime();
        if (heldBack) {
            backPressuredNs += now - heldBackSinceNs;
            heldBack = false;
        }
        closedAfterNs = now - startNs;
        publishMetrics();
        state = finalState;
        return failure;
    }

    /** Worker thread: what {@link #metrics()} shows, as of now. */
    private void publishMetrics() {
        StreamOperator<?, ?>[] operators = chain.operators();
        OperatorCounters[] counters = chain.counters();
        for (int i = 0; i < operators.length; i++) {
            counters[i].publish(operators[i].recordsDropped(), operators[i].currentWatermark());
        }
        BUSY.setRelease(this, busyNs);
        BACK_PRESSURED.setRelease(this, backPressuredNs);
    }

    /**
     * A snapshot of this task's counters; safe to call from any thread. It reads what the worker
     * published at the end of its last turn that did work (see {@link OperatorCounters}), the
     * rings' positions (volatile) and the user metrics (thread-safe by contract).
     */
    public TaskMetrics metrics() {
        List<OperatorMetrics> ops = new ArrayList<>();
        StreamOperator<?, ?>[] operators = chain.operators();
        OperatorCounters[] counters = chain.counters();
        for (int i = 0; i < operators.length; i++) {
            // a chained operator receives exactly what the one before it emits (counted once, as out)
            long recordsIn = i == 0 ? counters[0].publishedRecordsIn() : counters[i - 1].publishedRecordsOut();
            ops.add(new OperatorMetrics(counters[i].operatorName, subtaskIndex, recordsIn,
                    counters[i].publishedRecordsOut(), counters[i].publishedWatermark(),
                    counters[i].publishedDropped(), operators[i].context().userMetrics().snapshot()));
        }
        long outputFill = 0;
        long outputOverflow = 0;
        for (RecordWriter w : chain.allWriters()) {
            outputFill += w.pending();
            outputOverflow += w.overflowSize();
        }
        long closedAfter = closedAfterNs;
        long elapsed = closedAfter >= 0 ? closedAfter : System.nanoTime() - startNs;
        long busy = (long) BUSY.getAcquire(this);
        return new TaskMetrics(name, subtaskIndex, input == null ? 0 : input.pending(), outputFill, outputOverflow,
                busy, Math.max(0, elapsed - busy), (long) BACK_PRESSURED.getAcquire(this), ops,
                latencyMarkers == null ? null : latencyMarkers.snapshot());
    }
}
