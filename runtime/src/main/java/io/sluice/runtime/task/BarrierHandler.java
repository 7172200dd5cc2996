package io.sluice.runtime.task;

/**
 * Decides when a task takes its part of a checkpoint: a source when the coordinator triggers it; a
 * task with inputs as its {@link BarrierAlignment} decides (aligned, unaligned, or aligned until
 * the alignment timeout; never a savepoint unaligned); a task that has ended, as finished. Task
 * thread only: the coordinator's requests reach it through the task's mailbox.
 */
final class BarrierHandler implements AlignmentSnapshots {

    private final TaskCheckpointer checkpointer;
    private final OperatorChain chain;
    /** Null for a source task. */
    private final InputGate input;
    /** Null for a source task. */
    private final BarrierAlignment alignment;

    /** The newest checkpoint a source, or an ended task, has taken its snapshot for. */
    private long lastStarted = -1;
    /** A source's checkpoint requested by the coordinator and not yet taken, or -1. */
    private long pendingTrigger = -1;
    private boolean pendingTriggerSavepoint;
    /** The newest checkpoint the coordinator announced, and whether it is a savepoint. */
    private long announcedId = -1;
    private boolean announcedSavepoint;

    /**
     * @param unaligned             barriers overtake in-flight input, which goes into the checkpoint
     * @param alignmentTimeoutNanos aligned checkpoints go unaligned this long after their trigger; 0 never
     */
    BarrierHandler(TaskCheckpointer checkpointer, OperatorChain chain, InputGate input, boolean unaligned,
                   long alignmentTimeoutNanos) {
        this.checkpointer = checkpointer;
        this.chain = chain;
        this.input = input;
        this.alignment = input == null ? null : new BarrierAlignment(input, this, unaligned, alignmentTimeoutNanos);
    }

    // ---- requests of the coordinator, run from the mailbox -------------------------------------

    void trigger(long id, boolean savepoint) {
        if (id > pendingTrigger) {
            pendingTrigger = id;
            pendingTriggerSavepoint = savepoint;
        }
    }

    void announce(long id, boolean savepoint, long triggerNanos) {
        if (id > announcedId) {
            announcedId = id;
            announcedSavepoint = savepoint;
        }
        if (alignment != null) {
            alignment.announce(id, savepoint, triggerNanos);
        }
    }

    void abort(long id) {
        if (alignment != null) {
            alignment.abort(id);
        }
        if (pendingTrigger == id) {
            pendingTrigger = -1;
        }
    }

    // ---- once per task turn ---------------------------------------------------------------------

    /**
     * A source's triggered checkpoint (its barrier goes out behind what it emitted, even under
     * back-pressure), and the alignment's work of a task with inputs (timeouts, looking ahead,
     * collecting in-flight input).
     *
     * @param nowNanos the turn's time
     * @return work done
     */
    int step(boolean inputEnded, long nowNanos) throws Exception {
        if (alignment != null) {
            alignment.advanceTime(nowNanos);
            // a snapshot is taken between elements only; once finishing, the checkpoint waits until
            // the task has ended (stepEnded), then it is taken as finished
            return chain.hasPendingWatermark() || inputEnded ? alignment.collect() : alignment.turn();
        }
        if (chain.hasPendingWatermark() || inputEnded) {
            return 0; // a source's trigger stays pending until it has ended
        }
        if (pendingTrigger >= 0) {
            long id = pendingTrigger;
            pendingTrigger = -1;
            lastStarted = id;
            checkpointer.checkpoint(id, pendingTriggerSavepoint, 0);
            return 1;
        }
        return 0;
    }

    /**
     * A task that has ended takes its part of the newest checkpoint triggered (a source) or
     * announced (any other task: no barrier comes after the END_OF_INPUT of its inputs) as
     * finished: operator state only, no barrier, no keyed state.
     *
     * @return work done
     */
    int stepEnded() throws Exception {
        long id = Math.max(pendingTrigger, input == null ? -1 : announcedId);
        long started = alignment == null ? lastStarted : Math.max(lastStarted, alignment.lastStarted());
        if (id <= started) {
            return 0;
        }
        pendingTrigger = -1;
        lastStarted = id;
        boolean savepoint = input == null ? pendingTriggerSavepoint : announcedSavepoint;
        checkpointer.checkpointFinished(id, savepoint);
        return 1;
    }

    // ---- elements of the input --------------------------------------------------------------

    /** Before the task consumes the element the gate just returned. */
    void beforeConsume() throws Exception {
        if (alignment != null) {
            alignment.beforeConsume();
        }
    }

    /** A barrier from the gate's current channel; releases it. */
    void onBarrier(long id, boolean savepoint) throws Exception {
        int channel = input.currentChannel();
        input.release();
        alignment.onBarrier(channel, id, savepoint);
    }

    /** The gate's current channel delivered END_OF_INPUT ({@link InputGate#CHANNEL_ENDED}). */
    void onEndOfInput() throws Exception {
        alignment.onEndOfInput(input.currentChannel());
    }

    // ---- AlignmentSnapshots: what the alignment decided ------------------------------------------

    @Override
    public void aligned(long id, boolean savepoint, long alignmentNanos) throws Exception {
        checkpointer.checkpoint(id, savepoint, alignmentNanos);
    }

    @Override
    public InFlight unaligned(long id, long alignmentNanos) throws Exception {
        TaskCheckpointer.Snapshot snapshot = checkpointer.checkpointUnaligned(id, alignmentNanos);
        if (snapshot == null) {
            return null;
        }
        return new InFlight() {
            @Override
            public void write(io.sluice.runtime.checkpoint.ChannelStateFile.Writer records) {
                snapshot.write(records);
            }

            @Override
            public void discard() {
                snapshot.discard();
            }
        };
    }
}
