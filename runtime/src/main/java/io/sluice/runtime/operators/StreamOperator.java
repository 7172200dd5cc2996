package io.sluice.runtime.operators;

/**
 * One step of a chain. The task calls it from its worker thread only: records one at a time,
 * watermarks in order, and resumable bulk work (timers, end of input) that stops when the output
 * is full and is called again later.
 */
public abstract class StreamOperator<IN, OUT> {

    /** {@link #processWatermark} result: done; forward the watermark to the next operator. */
    public static final int FORWARD = 0;
    /** Done; do not forward (the operator makes its own event time). */
    public static final int HOLD = 1;
    /** Paused because the output is full: call again with the same watermark. */
    public static final int PAUSED = 2;

    protected OperatorContext context;
    protected Output<OUT> output;
    protected long currentWatermark = Long.MIN_VALUE;

    public final void setup(OperatorContext context, Output<OUT> output) {
        this.context = context;
        this.output = output;
    }

    public OperatorContext context() {
        return context;
    }

    public void open() throws Exception {
    }

    public abstract void processElement(IN value, long timestamp) throws Exception;

    /** Advances event time: fires due timers (resumably), then says whether to forward. */
    public int processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        return FORWARD;
    }

    public long currentWatermark() {
        return currentWatermark;
    }

    /** False for operators that make their own event time and swallow upstream idleness. */
    public boolean forwardsStatus() {
        return true;
    }

    /** Cheap check, once per task turn: may a processing-time timer be due? */
    public boolean hasDueProcessingTimers(long nowMs) {
        return false;
    }

    /** Fires due processing-time timers; false when paused by a full output. */
    public boolean onProcessingTime(long nowMs) throws Exception {
        return true;
    }

    /** Periodic work such as watermark generation, called at most every auto-watermark interval. */
    public void onPeriodic(long nowMs) throws Exception {
    }

    /** Records this operator dropped by design (late window records without a side output). */
    public long recordsDropped() {
        return 0;
    }

    /** True while the operator cannot take input (an async sink that is behind). */
    public boolean isBlocked() {
        return false;
    }

    /**
     * Whether {@link #isBlocked} can ever be true. Asked once, after {@link #open}, so that a chain
     * asks only such operators per input element. By default: whether the class overrides
     * {@code isBlocked}.
     */
    public boolean mayBlock() {
        return Overrides.overrides(getClass(), StreamOperator.class, "isBlocked");
    }

    /**
     * End of input: fire what remains (all windows, processing-time timers), flush. Called after
     * the final watermark. Resumable: false when paused by a full output.
     */
    public boolean finish() throws Exception {
        return true;
    }

    // ---- checkpoints ----------------------------------------------------------------------------

    /**
     * Operator state (not keyed state, which the task snapshots from the backend) for checkpoint
     * {@code checkpointId}, as a list of items: on a restore at the same parallelism each subtask
     * gets its own items back, at another parallelism all items are dealt out round robin. Called
     * on the task thread when the barrier passes this operator.
     */
    public java.util.List<byte[]> snapshotState(long checkpointId) throws Exception {
        return java.util.List.of();
    }

    /** Restored operator state, before {@link #open}; not called on a fresh start. */
    public void initializeState(java.util.List<byte[]> items) throws Exception {
    }

    /**
     * Called before {@link #open} on every start from a checkpoint, with all the checkpoint holds
     * of this operator: an operator that deals out its own state on a rescale overrides it. By
     * default its share goes to {@link #initializeState(java.util.List)}, if it had state.
     */
    public void initializeState(io.sluice.runtime.checkpoint.RestoredState restored) throws Exception {
        if (restored.present()) {
            initializeState(restored.share());
        }
    }

    /**
     * After {@link #snapshotState}: whether this operator holds transactions that the checkpoint's
     * completion commits (a two-phase-commit sink). A checkpoint with none can be fallen back
     * behind without repeating committed output.
     */
    public boolean hasPendingTransactions() {
        return false;
    }

    /** Checkpoint {@code checkpointId} is durable (every task's state and the metadata). */
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /**
     * Where a two-phase-commit sink leaves its pre-committed transactions when it is closed before the
     * end of the job (failure, cancellation), for the job to settle. Without it (a test harness) a
     * sink commits its last transaction at the end of its input.
     */
    public void leaveTransactionsWith(SinkTransactions commits) {
    }

    /** Releases resources; called once, after finish, on cancellation or on failure. */
    public void close() throws Exception {
    }
}
