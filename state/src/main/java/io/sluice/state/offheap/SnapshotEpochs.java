package io.sluice.state.offheap;

import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.List;

/**
 * Which entries the open snapshot captures of one backend still read, so that the task copies an
 * entry before changing it only while a capture holds it, and frees a superseded entry as soon as
 * no capture holds it. Task thread only, except {@link Capture#written()}, which the thread writing
 * a capture calls when it stops reading.
 *
 * <p>Every entry carries the write epoch it was written in ({@link BytesTable}'s stamp). A capture
 * takes the current epoch and starts the next one, so it holds exactly the entries stamped at or
 * before its epoch that were not freed before it. An entry stamped after the newest open capture is
 * seen by none and changes in place; an older one is copied once, and the copy, stamped with the
 * current epoch, changes in place from then on. A freed entry that a capture may still read is kept
 * until every capture taken between its writing and its freeing is released or written.
 */
final class SnapshotEpochs {

    /** Entries written from now on are stamped with this; captures take it and move it on. */
    private int writeEpoch = FIRST_EPOCH;
    /** The epoch of the newest open capture: entries stamped at or before it may be read; 0 when none is open. */
    private int heldThrough;
    /** Open captures, oldest first (few: one per checkpoint in flight). */
    private final List<Capture> open = new ArrayList<>(4);
    /** Freed entries a capture may still read, as triples: address, stamp, newest capture open when freed. */
    private final LongArrayList deferred = new LongArrayList();
    private final SlabAllocator memory;
    /** Entries copied because a capture held them (for tests and metrics). */
    private long copies;

    static final int FIRST_EPOCH = 1;

    SnapshotEpochs(SlabAllocator memory) {
        this.memory = memory;
    }

    /** The stamp of entries written now. */
    int writeEpoch() {
        return writeEpoch;
    }

    /**
     * Whether an entry stamped {@code stamp} must be copied rather than changed in place: an open,
     * unwritten capture may read it. One comparison unless a capture is open and the entry predates it.
     */
    boolean mustCopy(int stamp) {
        if (stamp > heldThrough) {
            return false;
        }
        if (retireWritten() && stamp > heldThrough) {
            return false;
        }
        copies++;
        return true;
    }

    /** Frees an entry now, or once no capture may read it any more. */
    void freeEntry(long address, int stamp) {
        if (stamp > heldThrough || (retireWritten() && stamp > heldThrough)) {
            memory.free(address);
            return;
        }
        deferred.addLong(address);
        deferred.addLong(stamp);
        deferred.addLong(heldThrough);
    }

    /** A capture starts: it holds every entry written so far that is not freed yet. */
    Capture open() {
        if (writeEpoch == Integer.MAX_VALUE) {
            throw new IllegalStateException("snapshot epochs exhausted; renumber() them first");
        }
        Capture c = new Capture(writeEpoch++);
        open.add(c);
        heldThrough = c.epoch;
        return c;
    }

    /**
     * Whether the epochs are about to run out: then the backend restamps every entry with
     * {@link #FIRST_EPOCH} and calls {@link #renumber} before the next capture. Once in two billion
     * captures.
     */
    boolean exhausted() {
        return writeEpoch == Integer.MAX_VALUE;
    }

    /**
     * After every entry was restamped {@link #FIRST_EPOCH}: every open capture and deferred entry
     * takes that epoch too, which may keep a block a little longer or copy an entry once more, but
     * never lets a capture read a changed entry.
     */
    void renumber() {
        for (Capture c : open) {
            c.epoch = FIRST_EPOCH;
        }
        for (int i = 0; i < deferred.size(); i += 3) {
            deferred.setLong(i + 1, FIRST_EPOCH);
            deferred.setLong(i + 2, FIRST_EPOCH);
        }
        heldThrough = open.isEmpty() ? 0 : FIRST_EPOCH;
        writeEpoch = FIRST_EPOCH + 1;
    }

    /** Makes the write epoch {@code epoch} (tests of the renumbering only). */
    void jumpTo(int epoch) {
        writeEpoch = epoch;
    }

    /** A capture is done with (written or abandoned): frees what only it held. */
    void release(Capture c) {
        if (open.remove(c)) {
            afterCapturesLeft();
        }
    }

    /**
     * Lets go of the captures whose writing has ended, as their release would, without waiting for
     * the release to come back through the task's mailbox; true if any did. Costs a volatile read
     * per open capture, so it is called only where a capture costs memory: before a copy, a
     * deferred free, or a new page.
     */
    boolean retireWritten() {
        boolean any = false;
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i).written) {
                open.remove(i);
                any = true;
            }
        }
        if (any) {
            afterCapturesLeft();
        }
        return any;
    }

    private void afterCapturesLeft() {
        heldThrough = open.isEmpty() ? 0 : open.get(open.size() - 1).epoch;
        int kept = 0;
        for (int i = 0; i < deferred.size(); i += 3) {
            long address = deferred.getLong(i);
            long stamp = deferred.getLong(i + 1);
            long newestAtFree = deferred.getLong(i + 2);
            if (heldByOpenCapture(stamp, newestAtFree)) {
                deferred.setLong(kept++, address);
                deferred.setLong(kept++, stamp);
                deferred.setLong(kept++, newestAtFree);
            } else {
                memory.free(address);
            }
        }
        while (deferred.size() > kept) {
            deferred.removeAt(deferred.size() - 1);
        }
    }

    /** Whether a capture taken after the entry was written and before it was freed is still open. */
    private boolean heldByOpenCapture(long stamp, long newestAtFree) {
        for (int i = 0; i < open.size(); i++) {
            int e = open.get(i).epoch;
            if (e >= stamp && e <= newestAtFree) {
                return true;
            }
        }
        return false;
    }

    /** Captures open and not yet seen written. */
    int openCaptures() {
        return open.size();
    }

    /** Freed entries kept for captures that may still read them. */
    int deferredEntries() {
        return deferred.size() / 3;
    }

    /** Entries copied because a capture held them. */
    long copies() {
        return copies;
    }

    /** One capture's claim on the entries written before it. */
    static final class Capture {
        /** Changed only by {@link #renumber}, on the task thread. */
        private int epoch;
        /**
         * Set by the writing thread once it reads no more of the capture's entries; read by the task
         * thread before it reuses them. Volatile: the write publishes that all reads are done.
         */
        private volatile boolean written;

        private Capture(int epoch) {
            this.epoch = epoch;
        }

        /** The thread writing the capture reads no more of it: its entries may be reused. Any thread. */
        void written() {
            written = true;
        }
    }
}
