package io.sluice.runtime.task;

/**
 * Decides, for a task with inputs, when it takes its part of a checkpoint: the state machine of
 * {@link AlignmentState} over the channels of one {@link InputGate}. Aligned: when barrier n has
 * come on every channel that has not ended, holding back each channel that delivered it.
 * Unaligned (and savepoints never are): as soon as barrier n is consumed anywhere, or seen ahead in
 * a ring, collecting the input it overtook. Aligned with a timeout: aligned until the timeout has
 * passed since the coordinator's trigger, then unaligned.
 *
 * <p>The task hands in every event: each barrier and end of input it consumes, once a turn
 * ({@link #turn}) with the turn's time, and before it consumes any element ({@link #beforeConsume},
 * the only per-element call: one field read unless in-flight input is being collected). Time is
 * only ever the value passed to {@link #advanceTime}. Task thread only.
 */
final class BarrierAlignment {

    private final InputGate gate;
    private final AlignmentSnapshots snapshots;
    private final boolean unaligned;
    /** Aligned checkpoints go unaligned this long after their trigger; 0 never. */
    private final long timeoutNanos;

    private AlignmentState state = AlignmentState.Waiting.INSTANCE;
    /** {@code state.recorder()}, kept in a field for the per-element check. */
    private ChannelStateRecorder recording;
    /** The newest checkpoint this gate began to align or took a snapshot of: older barriers are stale. */
    private long newest = -1;
    /** The newest checkpoint whose snapshot was taken. */
    private long lastStarted = -1;
    /** The newest checkpoint the coordinator announced, when (the coordinator's nanoTime), and its kind. */
    private long announcedId = -1;
    private long announcedNanos;
    private boolean announcedSavepoint;
    private long now;
    private long lastAlignmentNanos;

    /**
     * @param unaligned    barriers overtake in-flight input, which goes into the checkpoint
     * @param timeoutNanos aligned checkpoints go unaligned this long after their trigger; 0 never
     */
    BarrierAlignment(InputGate gate, AlignmentSnapshots snapshots, boolean unaligned, long timeoutNanos) {
        this.gate = gate;
        this.snapshots = snapshots;
        this.unaligned = unaligned;
        this.timeoutNanos = timeoutNanos;
    }

    // ---- events --------------------------------------------------------------------------------

    /** The task's time ({@code System.nanoTime()} scale), read once per turn. */
    void advanceTime(long nowNanos) {
        this.now = nowNanos;
    }

    /** The coordinator triggered checkpoint {@code id} at {@code triggerNanos}. */
    void announce(long id, boolean savepoint, long triggerNanos) {
        if (id > announcedId) {
            announcedId = id;
            announcedSavepoint = savepoint;
            announcedNanos = triggerNanos;
        }
    }

    /** Once per turn, between elements. @return work done */
    int turn() throws Exception {
        long started = lastStarted;
        return move(state.turn(this)) + (lastStarted != started ? 1 : 0);
    }

    /** Between the elements of a pending watermark: collect only. @return work done */
    int collect() throws Exception {
        return move(state.collect(this));
    }

    /** Barrier {@code id} was consumed (and released) from {@code channel}. */
    void onBarrier(int channel, long id, boolean savepoint) throws Exception {
        move(state.barrier(this, channel, id, savepoint));
    }

    /** {@code channel} delivered END_OF_INPUT. */
    void onEndOfInput(int channel) throws Exception {
        move(state.endOfInput(this, channel));
    }

    void abort(long id) {
        move(state.abort(this, id));
    }

    /** Before the task consumes the element the gate just returned. */
    void beforeConsume() throws Exception {
        ChannelStateRecorder r = recording;
        if (r != null && r.beforeConsume(gate.currentChannel(), gate.currentPosition())) {
            move(state.recorded(this));
        }
    }

    private int move(AlignmentState next) {
        if (next == state) {
            return 0;
        }
        state = next;
        recording = next.recorder();
        return 1;
    }

    // ---- what the states see and do ----------------------------------------------------------

    AlignmentState state() {
        return state;
    }

    InputGate gate() {
        return gate;
    }

    long newest() {
        return newest;
    }

    long lastStarted() {
        return lastStarted;
    }

    /** How long the last alignment held channels back (until its snapshot). */
    long lastAlignmentNanos() {
        return lastAlignmentNanos;
    }

    /**
     * The first barrier of checkpoint {@code id}, newer than any before, from {@code channel};
     * {@code recording} is the recording under way, if any (a new unaligned snapshot supersedes it).
     */
    AlignmentState newBarrier(int channel, long id, boolean savepoint,
                              AlignmentState.Recording recording) throws Exception {
        newest = id;
        if (unaligned && !savepoint) {
            if (recording != null) {
                recording.recorder.discard();
            }
            boolean[] complete = endedChannels();
            complete[channel] = true;
            return startUnaligned(id, complete, 0);
        }
        AlignmentState.Aligning aligning = new AlignmentState.Aligning(id, savepoint, now, gate.channels().length);
        aligning.arrive(this, channel);
        if (aligning.allArrived(gate)) {
            if (recording != null) {
                throw new IllegalStateException("barrier alignment: checkpoint " + id + " aligned while "
                        + recording + " is still collecting");
            }
            return completeAligned(aligning);
        }
        return recording == null ? aligning : new AlignmentState.RecordingWhileAligning(recording, aligning);
    }

    /** Every channel delivered the barrier or ended: unblock and snapshot. */
    AlignmentState completeAligned(AlignmentState.Aligning aligning) throws Exception {
        gate.unblockAll();
        lastStarted = aligning.id;
        lastAlignmentNanos = now - aligning.startNanos;
        snapshots.aligned(aligning.id, aligning.savepoint, lastAlignmentNanos);
        return AlignmentState.Waiting.INSTANCE;
    }

    /** Whether {@code aligning} has waited past the alignment timeout (never a savepoint). */
    boolean timedOut(AlignmentState.Aligning aligning) {
        if (aligning.savepoint || unaligned || timeoutNanos <= 0) {
            return false;
        }
        long from = announcedId == aligning.id ? announcedNanos : aligning.startNanos;
        return now - from >= timeoutNanos;
    }

    /** The alignment timeout passed: stop holding channels back, snapshot, collect what is in flight. */
    AlignmentState switchToUnaligned(AlignmentState.Aligning aligning) throws Exception {
        boolean[] complete = aligning.complete(gate);
        gate.unblockAll();
        return startUnaligned(aligning.id, complete, now - aligning.startNanos);
    }

    /**
     * In unaligned mode, or once an announced checkpoint's alignment timeout has passed before its
     * first barrier was consumed: looks ahead in the rings for its barrier, and snapshots at once.
     */
    AlignmentState lookAhead(AlignmentState current) throws Exception {
        if ((!unaligned && timeoutNanos <= 0) || announcedId <= newest || announcedSavepoint) {
            return current;
        }
        if (!unaligned && now - announcedNanos < timeoutNanos) {
            return current;
        }
        long id = gate.findBarrierAhead(newest);
        if (id <= newest) {
            return current;
        }
        newest = id;
        return startUnaligned(id, endedChannels(), 0);
    }

    private AlignmentState startUnaligned(long id, boolean[] complete, long alignmentNanos) throws Exception {
        lastStarted = id;
        lastAlignmentNanos = alignmentNanos;
        AlignmentSnapshots.InFlight target = snapshots.unaligned(id, alignmentNanos);
        if (target == null) {
            return AlignmentState.Waiting.INSTANCE; // aborted meanwhile
        }
        ChannelStateRecorder recorder = new ChannelStateRecorder(gate.channels(), gate.inputs(), id, target, complete);
        return recorder.scanAll() ? AlignmentState.Waiting.INSTANCE : new AlignmentState.Recording(recorder);
    }

    private boolean[] endedChannels() {
        boolean[] ended = new boolean[gate.channels().length];
        for (int c = 0; c < ended.length; c++) {
            ended[c] = gate.isEnded(c);
        }
        return ended;
    }
}
