package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.runtime.checkpoint.ChannelStateFile;

import java.io.IOException;

/**
 * Collects the in-flight input of an unaligned checkpoint. The task has taken its snapshot as soon
 * as the first barrier showed up (possibly far ahead in an input ring, past elements it has not
 * processed); every record that came before the barrier on each input channel but after the
 * snapshot belongs to the checkpoint. The recorder reads those ahead in the rings (the consumer
 * may read any published slot it has not released), serializing them as it goes, and never lets
 * the task consume a slot it has not looked at yet. A channel is complete at its barrier or end;
 * when all are, the snapshot is written with the records, each with the input (of a two-input
 * task) its channel feeds, so that a restore replays it to the same input. Task thread only.
 */
final class ChannelStateRecorder {

    private final OneToOneRing[] rings;
    /** Per channel, the task's input its records go to on a restore. */
    private final int[] inputOf;
    private final long[] frontier;
    private final boolean[] done;
    private TaskCheckpointer.Snapshot snapshot;
    private ChannelStateFile.Writer records;

    ChannelStateRecorder(OneToOneRing[] rings, int[] inputOf) {
        this.rings = rings;
        this.inputOf = inputOf;
        this.frontier = new long[rings.length];
        this.done = new boolean[rings.length];
    }

    boolean isActive() {
        return snapshot != null;
    }

    long checkpointId() {
        return snapshot == null ? -1 : snapshot.id();
    }

    /**
     * Starts collecting for {@code snapshot}: channels in {@code complete} have nothing in flight
     * (their barrier or end was already consumed); the others are read from where the task stands.
     */
    void start(TaskCheckpointer.Snapshot snapshot, boolean[] complete) throws IOException {
        this.snapshot = snapshot;
        this.records = new ChannelStateFile.Writer();
        for (int c = 0; c < rings.length; c++) {
            done[c] = complete[c];
            frontier[c] = rings[c].readPosition();
        }
        scanAll();
    }

    /** Before the task consumes the element at {@code position} of channel {@code c}: make sure it was looked at. */
    void beforeConsume(int c, long position) throws IOException {
        if (snapshot != null && !done[c] && position >= frontier[c]) {
            scan(c);
            finishIfComplete();
        }
    }

    /** Reads what was published since the last look; writes the snapshot when every channel is complete. */
    void scanAll() throws IOException {
        if (snapshot == null) {
            return;
        }
        for (int c = 0; c < rings.length; c++) {
            if (!done[c]) {
                scan(c);
            }
        }
        finishIfComplete();
    }

    private void scan(int c) throws IOException {
        OneToOneRing ring = rings[c];
        long end = ring.publishedPosition();
        long id = snapshot.id();
        for (long p = frontier[c]; p < end; p++) {
            byte kind = ring.kindAt(p);
            if (kind == StreamElement.RECORD) {
                records.add(ring.valueAt(p), ring.timestampAt(p), inputOf[c]);
            } else if ((kind == StreamElement.BARRIER && ring.timestampAt(p) >= id)
                    || kind == StreamElement.END_OF_INPUT) {
                done[c] = true;
                frontier[c] = p;
                return;
            }
            // watermarks and idleness are not kept: sources make them again after a restore; nor are
            // latency markers: they describe the run that stored them, and a restore drops them
        }
        frontier[c] = end;
    }

    private void finishIfComplete() {
        for (boolean d : done) {
            if (!d) {
                return;
            }
        }
        TaskCheckpointer.Snapshot s = snapshot;
        ChannelStateFile.Writer r = records;
        snapshot = null;
        records = null;
        s.write(r);
    }

    /** Checkpoint {@code id} was aborted: stop collecting for it. */
    void abort(long id) {
        if (snapshot != null && snapshot.id() == id) {
            snapshot.discard();
            snapshot = null;
            records = null;
        }
    }
}
