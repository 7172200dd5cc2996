package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.runtime.checkpoint.ChannelStateFile;

import java.io.IOException;

/**
 * Collects the in-flight input of one unaligned checkpoint. The task has taken its snapshot as soon
 * as the first barrier showed up (possibly far ahead in an input ring, past elements it has not
 * processed); every record that came before the barrier on each input channel but after the
 * snapshot belongs to the checkpoint. The recorder reads those ahead in the rings (the consumer
 * may read any written slot it has not released), serializing them as it goes, and never lets
 * the task consume a slot it has not looked at yet. A channel is complete at its barrier or end;
 * when all are, the snapshot is written with the records, each with the input (of a two-input
 * task) its channel feeds, so that a restore replays it to the same input. One per checkpoint,
 * owned by {@link AlignmentState.Recording}; task thread only.
 */
final class ChannelStateRecorder {

    private final OneToOneRing[] rings;
    /** Per channel, the task's input its records go to on a restore. */
    private final int[] inputOf;
    private final long id;
    private final AlignmentSnapshots.InFlight target;
    /** Per channel, the first position not looked at yet. */
    private final long[] frontier;
    /** Per channel, the reader of what is in flight, at {@code frontier}. */
    private final OneToOneRing.LookAhead[] lookAheads;
    private final boolean[] done;
    private ChannelStateFile.Writer records = new ChannelStateFile.Writer();

    /**
     * Starts collecting for checkpoint {@code id}: channels in {@code complete} have nothing in
     * flight (their barrier or end was already consumed); the others are read from where the task
     * stands. Call {@link #scanAll} next.
     */
    ChannelStateRecorder(OneToOneRing[] rings, int[] inputOf, long id, AlignmentSnapshots.InFlight target,
                         boolean[] complete) {
        this.rings = rings;
        this.inputOf = inputOf;
        this.id = id;
        this.target = target;
        this.frontier = new long[rings.length];
        this.done = complete.clone();
        this.lookAheads = new OneToOneRing.LookAhead[rings.length];
        for (int c = 0; c < rings.length; c++) {
            lookAheads[c] = rings[c].lookAhead();
            frontier[c] = lookAheads[c].position();
        }
    }

    long checkpointId() {
        return id;
    }

    /** Whether channel {@code c} is complete: its records up to the barrier or end are collected. */
    boolean isComplete(int c) {
        return done[c];
    }

    /**
     * Before the task consumes the element at {@code position} of channel {@code c}: makes sure it
     * was looked at.
     *
     * @return true when that completed the recording (the snapshot is written)
     */
    boolean beforeConsume(int c, long position) throws IOException {
        if (!done[c] && position >= frontier[c]) {
            scan(c);
            return finishIfComplete();
        }
        return false;
    }

    /**
     * Reads what was written since the last look.
     *
     * @return true when every channel is complete (the snapshot is written)
     */
    boolean scanAll() throws IOException {
        for (int c = 0; c < rings.length; c++) {
            if (!done[c]) {
                scan(c);
            }
        }
        return finishIfComplete();
    }

    private void scan(int c) throws IOException {
        OneToOneRing.LookAhead ahead = lookAheads[c];
        StreamElement e;
        while ((e = ahead.next()) != null) {
            byte kind = e.kind();
            if (kind == StreamElement.RECORD) {
                records.add(e.value(), e.timestamp(), inputOf[c]);
            } else if ((kind == StreamElement.BARRIER && e.timestamp() >= id) || kind == StreamElement.END_OF_INPUT) {
                done[c] = true;
                frontier[c] = ahead.elementPosition();
                return;
            }
            // watermarks and idleness are not kept: sources make them again after a restore; nor are
            // latency markers: they describe the run that stored them, and a restore drops them
        }
        frontier[c] = ahead.position();
    }

    private boolean finishIfComplete() {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        ChannelStateFile.Writer r = records;
        records = null;
        target.write(r);
        return true;
    }

    /** The checkpoint was aborted or superseded: stop collecting for it. */
    void discard() {
        records = null;
        target.discard();
    }
}
