package io.sluice.runtime.task;

/**
 * Where the barrier alignment of a task with inputs stands, and what each event does to it: each
 * state owns the data of the checkpoint it handles, and each event is a method returning the next
 * state. {@link BarrierAlignment} holds the current state and performs the actions (blocking
 * channels, snapshots); the {@link InputGate} only polls, blocks and unblocks channels.
 *
 * <pre>
 *                          barrier n: an aligned checkpoint, or a savepoint
 *             +---------+ ---------------------------------------&gt; +------------+
 *             |         |   the last barrier n, or an end of       |            | --+ barrier n' &gt; n:
 *   (start)--&gt;| Waiting |   input: snapshot                        | Aligning n |   | release, then
 *             |         | &lt;--------------------------------------- |            | &lt;-+ as from Waiting
 *             |         |   abort n: release the held channels     |            |
 *             +---------+ &lt;--------------------------------------- +------------+
 *                |   ^                                                |     ^
 *   barrier n,   |   | every channel complete: write        timeout:  |     |
 *   unaligned;   |   | abort m: discard                     snapshot  |     |
 *   or seen      |   |                                      unaligned |     |
 *   ahead:       v   |                                                v     |
 *   snapshot  +-------------+ &lt;---------------------------------------+     |
 *             |             | --+ barrier n &gt; m, unaligned:                 |
 *             | Recording m |   | discard m, snapshot n   every channel     |
 *             |             | &lt;-+                         complete, or      |
 *             +-------------+                             abort m           |
 *    barrier     |     ^                                                    |
 *    n &gt; m,      |     | abort n: release                                   |
 *    aligned     v     |                                                    |
 *             +-------------------------+ ----------------------------------+
 *             | Recording m, Aligning n |
 *             +-------------------------+ -- timeout: discard m, snapshot n unaligned --&gt; Recording n
 * </pre>
 *
 * "Release" means the gate polls every channel again; "snapshot" the task's part of the checkpoint
 * ({@link AlignmentSnapshots}), an unaligned one followed by its in-flight records ("write"; at once,
 * staying in or going to Waiting, when nothing is in flight) unless aborted or superseded first
 * ("discard"). In "Recording m, Aligning n", a barrier n' &gt; n releases and goes on as from
 * "Recording m". A barrier of a checkpoint not newer than the newest one this gate has begun is
 * stale (aborted, superseded, or overtaken) in every state and changes nothing. Events that cannot
 * happen in a state (a barrier or end of input from a channel held back, a recording finishing
 * where there is none, an alignment completing while the in-flight input of an older checkpoint is
 * still being collected) throw {@link IllegalStateException}: they mean the gate or the machine is
 * broken.
 */
sealed interface AlignmentState permits AlignmentState.Waiting, AlignmentState.Aligning,
        AlignmentState.Recording, AlignmentState.RecordingWhileAligning {

    /** Checkpoint barrier {@code id} was consumed from {@code channel}. */
    AlignmentState barrier(BarrierAlignment m, int channel, long id, boolean savepoint) throws Exception;

    /** {@code channel} delivered END_OF_INPUT (the gate has marked it ended). */
    AlignmentState endOfInput(BarrierAlignment m, int channel) throws Exception;

    /** Once per task turn, between elements: collect in-flight input, switch on a timeout, look ahead. */
    AlignmentState turn(BarrierAlignment m) throws Exception;

    /** Between elements of a pending watermark: collect in-flight input only, start no snapshot. */
    AlignmentState collect(BarrierAlignment m) throws Exception;

    /** The coordinator aborted checkpoint {@code id}. */
    AlignmentState abort(BarrierAlignment m, long id);

    /** The recording under way completed (its snapshot is written). */
    AlignmentState recorded(BarrierAlignment m);

    /** The recording under way, or null. */
    default ChannelStateRecorder recorder() {
        return null;
    }

    /** The alignment under way, or null. */
    default Aligning aligning() {
        return null;
    }

    private static IllegalStateException illegal(AlignmentState s, String event) {
        return new IllegalStateException("barrier alignment: " + event + " cannot happen in state " + s);
    }

    /** No checkpoint under way: every channel is polled. */
    final class Waiting implements AlignmentState {

        static final Waiting INSTANCE = new Waiting();

        private Waiting() {
        }

        @Override
        public AlignmentState barrier(BarrierAlignment m, int channel, long id, boolean savepoint) throws Exception {
            return id <= m.newest() ? this : m.newBarrier(channel, id, savepoint, null);
        }

        @Override
        public AlignmentState endOfInput(BarrierAlignment m, int channel) {
            return this;
        }

        @Override
        public AlignmentState turn(BarrierAlignment m) throws Exception {
            return m.lookAhead(this);
        }

        @Override
        public AlignmentState collect(BarrierAlignment m) {
            return this;
        }

        @Override
        public AlignmentState abort(BarrierAlignment m, long id) {
            return this;
        }

        @Override
        public AlignmentState recorded(BarrierAlignment m) {
            throw illegal(this, "a recording completing");
        }

        @Override
        public String toString() {
            return "Waiting";
        }
    }

    /**
     * Aligning checkpoint {@code id}: channels that delivered its barrier are held back until every
     * channel that has not ended has delivered it.
     */
    final class Aligning implements AlignmentState {

        final long id;
        final boolean savepoint;
        /** When the first barrier came (the task's time). */
        final long startNanos;
        /** Per channel, whether it delivered the barrier (and is held back). */
        final boolean[] arrived;

        Aligning(long id, boolean savepoint, long startNanos, int channels) {
            this.id = id;
            this.savepoint = savepoint;
            this.startNanos = startNanos;
            this.arrived = new boolean[channels];
        }

        @Override
        public Aligning aligning() {
            return this;
        }

        /** Channel {@code c} delivered the barrier: hold it back. */
        void arrive(BarrierAlignment m, int c) {
            if (arrived[c]) {
                throw illegal(this, "a second barrier " + id + " from channel " + c);
            }
            arrived[c] = true;
            m.gate().block(c);
        }

        boolean allArrived(InputGate gate) {
            for (int c = 0; c < arrived.length; c++) {
                if (!arrived[c] && !gate.isEnded(c)) {
                    return false;
                }
            }
            return true;
        }

        /** Channels with nothing in flight for this checkpoint: delivered its barrier, or ended. */
        boolean[] complete(InputGate gate) {
            boolean[] complete = arrived.clone();
            for (int c = 0; c < complete.length; c++) {
                complete[c] |= gate.isEnded(c);
            }
            return complete;
        }

        @Override
        public AlignmentState barrier(BarrierAlignment m, int channel, long barrier, boolean sp) throws Exception {
            if (barrier == id) {
                arrive(m, channel);
                return allArrived(m.gate()) ? m.completeAligned(this) : this;
            }
            if (barrier < id) {
                return this;
            }
            m.gate().unblockAll(); // superseded by a newer checkpoint
            return m.newBarrier(channel, barrier, sp, null);
        }

        @Override
        public AlignmentState endOfInput(BarrierAlignment m, int channel) throws Exception {
            if (arrived[channel]) {
                throw illegal(this, "end of input from channel " + channel + ", which is held back");
            }
            return allArrived(m.gate()) ? m.completeAligned(this) : this;
        }

        @Override
        public AlignmentState turn(BarrierAlignment m) throws Exception {
            return m.timedOut(this) ? m.switchToUnaligned(this) : this;
        }

        @Override
        public AlignmentState collect(BarrierAlignment m) {
            return this;
        }

        @Override
        public AlignmentState abort(BarrierAlignment m, long aborted) {
            if (aborted != id) {
                return this;
            }
            m.gate().unblockAll();
            return Waiting.INSTANCE;
        }

        @Override
        public AlignmentState recorded(BarrierAlignment m) {
            throw illegal(this, "a recording completing");
        }

        @Override
        public String toString() {
            return "Aligning " + (savepoint ? "savepoint " : "") + id;
        }
    }

    /**
     * The snapshot of checkpoint {@code recorder.checkpointId()} was taken unaligned; the records
     * before its barrier on each channel are being collected. Every channel is polled.
     */
    final class Recording implements AlignmentState {

        final ChannelStateRecorder recorder;

        Recording(ChannelStateRecorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public ChannelStateRecorder recorder() {
            return recorder;
        }

        @Override
        public AlignmentState barrier(BarrierAlignment m, int channel, long id, boolean savepoint) throws Exception {
            return id <= m.newest() ? this : m.newBarrier(channel, id, savepoint, this);
        }

        @Override
        public AlignmentState endOfInput(BarrierAlignment m, int channel) {
            if (!recorder.isComplete(channel)) {
                throw illegal(this, "end of input from channel " + channel + " before the recorder saw it");
            }
            return this;
        }

        @Override
        public AlignmentState turn(BarrierAlignment m) throws Exception {
            return collect(m);
        }

        @Override
        public AlignmentState collect(BarrierAlignment m) throws Exception {
            return recorder.scanAll() ? Waiting.INSTANCE : this;
        }

        @Override
        public AlignmentState abort(BarrierAlignment m, long id) {
            if (id != recorder.checkpointId()) {
                return this;
            }
            recorder.discard();
            return Waiting.INSTANCE;
        }

        @Override
        public AlignmentState recorded(BarrierAlignment m) {
            return Waiting.INSTANCE;
        }

        @Override
        public String toString() {
            return "Recording " + recorder.checkpointId();
        }
    }

    /**
     * A savepoint, or an aligned checkpoint, is aligning while the in-flight input of an older
     * unaligned checkpoint is still being collected: both go on. The recording always completes
     * first (every channel delivers the older barrier before the newer one).
     */
    final class RecordingWhileAligning implements AlignmentState {

        final Recording recording;
        final Aligning aligning;

        RecordingWhileAligning(Recording recording, Aligning aligning) {
            this.recording = recording;
            this.aligning = aligning;
        }

        @Override
        public ChannelStateRecorder recorder() {
            return recording.recorder;
        }

        @Override
        public Aligning aligning() {
            return aligning;
        }

        @Override
        public AlignmentState barrier(BarrierAlignment m, int channel, long id, boolean savepoint) throws Exception {
            if (id == aligning.id) {
                aligning.arrive(m, channel);
                if (aligning.allArrived(m.gate())) {
                    throw illegal(this, "alignment of " + id + " completing");
                }
                return this;
            }
            if (id < aligning.id) {
                return this;
            }
            m.gate().unblockAll(); // the aligning one is superseded
            return m.newBarrier(channel, id, savepoint, recording);
        }

        @Override
        public AlignmentState endOfInput(BarrierAlignment m, int channel) {
            if (aligning.arrived[channel] || !recording.recorder.isComplete(channel)) {
                throw illegal(this, "end of input from channel " + channel);
            }
            if (aligning.allArrived(m.gate())) {
                throw illegal(this, "alignment of " + aligning.id + " completing");
            }
            return this;
        }

        @Override
        public AlignmentState turn(BarrierAlignment m) throws Exception {
            if (recording.recorder.scanAll()) {
                return aligning.turn(m);
            }
            if (m.timedOut(aligning)) {
                recording.recorder.discard(); // superseded by the newer one going unaligned
                return m.switchToUnaligned(aligning);
            }
            return this;
        }

        @Override
        public AlignmentState collect(BarrierAlignment m) throws Exception {
            return recording.recorder.scanAll() ? aligning : this;
        }

        @Override
        public AlignmentState abort(BarrierAlignment m, long id) {
            if (id == recording.recorder.checkpointId()) {
                recording.recorder.discard();
                return aligning;
            }
            if (id == aligning.id) {
                m.gate().unblockAll();
                return recording;
            }
            return this;
        }

        @Override
        public AlignmentState recorded(BarrierAlignment m) {
            return aligning;
        }

        @Override
        public String toString() {
            return recording + ", " + aligning;
        }
    }
}
