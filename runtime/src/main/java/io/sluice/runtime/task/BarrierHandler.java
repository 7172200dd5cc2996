package io.sluice.runtime.task;

/**
 * Decides when a task takes its part of a checkpoint: a source when the coordinator triggers it; a
 * task with inputs when barrier n has come on every input (aligned), or as soon as barrier n shows
 * up anywhere in its input (unaligned; also an aligned checkpoint whose alignment timeout since the
 * trigger has passed; never a savepoint), collecting the in-flight input it overtook. Task thread
 * only: the coordinator's requests reach it through the task's mailbox.
 */
final class BarrierHandler {

    private final TaskCheckpointer checkpointer;
    private final OperatorChain chain;
    /** Null for a source task. */
    private final InputGate input;
    private final boolean unaligned;
    private final long alignmentTimeoutNanos;
    /** Null unless this task may take checkpoints unaligned. */
    private final ChannelStateRecorder recorder;

    /** The newest checkpoint this task has taken its snapshot for: older barriers are stale. */
    private long lastStarted = -1;
    /** A source's checkpoint requested by the coordinator and not yet taken, or -1. */
    private long pendingTrigger = -1;
    private boolean pendingTriggerSavepoint;
    /** The newest checkpoint the coordinator announced, when, and whether it is a savepoint. */
    private long announcedId = -1;
    private long announcedNanos;
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
        this.unaligned = unaligned;
        this.alignmentTimeoutNanos = alignmentTimeoutNanos;
        this.recorder = input != null && (unaligned || alignmentTimeoutNanos > 0)
                ? new ChannelStateRecorder(input.channels(), input.inputs()) : null;
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
            announcedNanos = triggerNanos;
        }
    }

    void abort(long id) {
        if (input != null) {
            input.abortAlignment(id);
        }
        if (recorder != null) {
            recorder.abort(id);
        }
        if (pendingTrigger == id) {
            pendingTrigger = -1;
        }
    }

    // ---- once per task turn ---------------------------------------------------------------------

    /**
     * A source's triggered checkpoint (its barrier goes out behind what it emitted, even under
     * back-pressure), and the unaligned work of a task with inputs.
     *
     * @return work done
     */
    int step(boolean inputEnded, String taskName) throws Exception {
        if (chain.hasPendingWatermark()) {
            return recorder != null && recorder.isActive() ? collect() : 0; // snapshot between elements only
        }
        if (recorder != null && recorder.isActive()) {
            return collect();
        }
        if (inputEnded) {
            // finishing: the checkpoint waits until the task has ended (stepEnded), then it is
            // taken as finished; a source's trigger stays pending until then
            return 0;
        }
        if (pendingTrigger >= 0) {
            long id = pendingTrigger;
            pendingTrigger = -1;
            lastStarted = id;
            checkpointer.checkpoint(id, pendingTriggerSavepoint, 0);
            return 1;
        }
        return recorder == null ? 0 : unalignedStep();
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
        if (id <= lastStarted) {
            return 0;
        }
        pendingTrigger = -1;
        lastStarted = id;
        boolean savepoint = input == null ? pendingTriggerSavepoint : announcedSavepoint;
        checkpointer.checkpointFinished(id, savepoint);
        return 1;
    }

    private int collect() throws Exception {
        recorder.scanAll();
        return 0;
    }

    private int unalignedStep() throws Exception {
        if (recorder.isActive()) {
            return collect();
        }
        if (announcedId <= lastStarted || announcedSavepoint) {
            return 0;
        }
        long waited = System.nanoTime() - announcedNanos;
        if (!unaligned && waited < alignmentTimeoutNanos) {
            return 0;
        }
        if (input.isAligning() && input.alignedCheckpoint() == announcedId) {
            startUnaligned(announcedId, input.stopAligning(), input.lastAlignmentNanos());
            return 1;
        }
        long id = input.findBarrierAhead(lastStarted);
        if (id > lastStarted) {
            startUnaligned(id, input.completeChannels(-1), 0);
            return 1;
        }
        return 0;
    }

    // ---- elements of the input --------------------------------------------------------------

    /** Before the task consumes the element the gate just returned. */
    void beforeConsume() throws Exception {
        if (recorder != null) {
            recorder.beforeConsume(input.currentChannel(), input.currentPosition());
        }
    }

    /** A barrier from the gate's current channel; releases it. */
    void onBarrier(long id, boolean savepoint) throws Exception {
        int channel = input.currentChannel();
        if (id <= lastStarted) {
            input.release(); // its snapshot was taken already (unaligned, or after an alignment timeout)
            return;
        }
        if (unaligned && !savepoint) {
            input.release();
            startUnaligned(id, input.completeChannels(channel), 0);
            return;
        }
        long aligned = input.onBarrier(id, savepoint);
        input.release();
        if (aligned >= 0) {
            lastStarted = aligned;
            checkpointer.checkpoint(aligned, savepoint, input.lastAlignmentNanos());
        }
    }

    /** A channel's end completed the alignment under way ({@link InputGate#BARRIER_ALIGNED}). */
    void onAlignedByEndOfInput() throws Exception {
        lastStarted = input.alignedCheckpoint();
        checkpointer.checkpoint(lastStarted, input.aligningSavepoint(), input.lastAlignmentNanos());
    }

    private void startUnaligned(long id, boolean[] complete, long alignmentNanos) throws Exception {
        if (recorder.isActive()) {
            recorder.abort(recorder.checkpointId()); // superseded
        }
        lastStarted = id;
        TaskCheckpointer.Snapshot snapshot = checkpointer.checkpointUnaligned(id, alignmentNanos);
        if (snapshot != null) {
            recorder.start(snapshot, complete);
        }
    }
}
