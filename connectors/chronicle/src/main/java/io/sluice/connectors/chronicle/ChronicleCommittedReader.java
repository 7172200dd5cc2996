package io.sluice.connectors.chronicle;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a queue written by {@link ChronicleQueueSink} and delivers only what is committed: the
 * records of each committed epoch when its COMMIT document comes (so epochs in commit order, the
 * records of one epoch in append order), and plain (at-least-once) records as they come. Records of
 * open epochs are never delivered until committed, and never at all once aborted. Usable outside
 * jobs; one instance is used by one thread at a time.
 *
 * <pre>{@code
 * try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(queueDir, QueuePosition.START)) {
 *     while (running) {
 *         if (reader.poll(100, r -> handle(r.value())) == 0) {
 *             idle();                         // nothing now: poll never blocks
 *         }
 *     }
 *     savedPosition = reader.position();      // reopen with it later: nothing is delivered twice
 * }
 * }</pre>
 *
 * <p><b>How.</b> A main tailer scans the documents in order. A RECORD opens its (writer, epoch) if
 * it is new, remembering only the index of the epoch's first record and its last record and count:
 * open epochs cost no memory per record. A COMMIT of an open epoch starts its delivery: a second
 * tailer moves to the epoch's first record and reads forward, delivering that epoch's records, until
 * its count is reached; the scan waits meanwhile, which keeps the commit order. An ABORT_EPOCH drops
 * its epoch; an ABORT_LINEAGE drops every open epoch whose writer id starts with that lineage. A
 * COMMIT of an epoch that is not open (committed and delivered before, aborted, or whose records
 * lie before the reader's start) is ignored: that is what makes a repeated COMMIT harmless.
 *
 * <p><b>Position.</b> {@link #position()} is where to scan from (the first record of the oldest epoch
 * still open, or the next document), where delivery stands (every COMMIT and plain record below
 * {@code deliveredThrough} was delivered) and how much of the epoch being delivered was delivered.
 * Reopened there, the reader scans again over the open epochs' records and delivers only what comes
 * after. The cost of an epoch that is never resolved (a writer killed and its job never restored) is
 * that every restart scans from its first record again.
 */
public final class ChronicleCommittedReader implements QueueReader {

    /** Documents one poll reads at most, so that a poll returns in bounded time. */
    private static final int SCAN_BUDGET = 1024;

    private final ChronicleQueue queue;
    private final boolean ownsQueue;
    private final ExcerptTailer main;
    private ExcerptTailer replay;
    private final long limit;
    private final QueueRecord record;
    private final QueueDocuments.Parsed doc = new QueueDocuments.Parsed();
    private final QueueDocuments.Parsed replayDoc = new QueueDocuments.Parsed();

    /** Open epochs by writer id; a writer has few open at once (its current one, pre-committed ones). */
    private final Map<String, List<OpenEpoch>> open = new HashMap<>();
    private int openCount;

    /** Every COMMIT and plain record below this index was delivered. */
    private long deliveredThrough;
    /** Records already delivered of the COMMIT at {@link #deliveredThrough}. */
    private long partial;

    /** The epoch being delivered, or null; its COMMIT is at {@link #deliveredThrough}. */
    private OpenEpoch delivering;
    /** Records of {@link #delivering} the replay tailer has passed (delivered now or before a restart). */
    private long replayed;
    private boolean reachedLimit;

    /** The records of one writer's epoch seen so far. */
    private static final class OpenEpoch {
        final String writerId;
        final long epoch;
        final long firstIndex;
        long lastIndex;
        long count;

        OpenEpoch(String writerId, long epoch, long firstIndex) {
            this.writerId = writerId;
            this.epoch = epoch;
            this.firstIndex = firstIndex;
            this.lastIndex = firstIndex;
        }
    }

    private ChronicleCommittedReader(ChronicleQueue queue, boolean ownsQueue, Path directory, QueuePosition from,
                                     long limit) {
        this.queue = queue;
        this.ownsQueue = ownsQueue;
        this.limit = limit;
        this.record = new QueueRecord(Queues.origin(directory));
        this.main = queue.createTailer();
        this.deliveredThrough = from.deliveredThrough();
        this.partial = from.partial();
        QueueReader.moveTo(main, from.scanFrom());
    }

    /** Opens the queue in {@code directory} (creating it if needed) and reads it from {@code from}, without end. */
    public static ChronicleCommittedReader open(Path directory, QueuePosition from) {
        return new ChronicleCommittedReader(Queues.open(directory), true, directory, Objects.requireNonNull(from, "from"),
                Long.MAX_VALUE);
    }

    /**
     * Reads an open queue from {@code from}, stopping before index {@code limit}; the queue stays open
     * when the reader is closed.
     */
    public static ChronicleCommittedReader open(ChronicleQueue queue, QueuePosition from, long limit) {
        return new ChronicleCommittedReader(queue, false, queue.file().toPath(), Objects.requireNonNull(from, "from"),
                limit);
    }

    /** Reads {@code queue}, owned by the reader, from {@code from} up to {@code limit}. */
    static ChronicleCommittedReader owning(ChronicleQueue queue, Path directory, QueuePosition from, long limit) {
        return new ChronicleCommittedReader(queue, true, directory, from, limit);
    }

    /**
     * Delivers what is committed and available now; never blocks.
     *
     * @param maxRecords at most this many records are delivered (at least 1)
     * @return the work done: documents read plus records delivered; 0 when nothing was available
     */
    @Override
    public int poll(int maxRecords, QueueRecordHandler handler) throws Exception {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
        }
        int work = 0;
        int delivered = 0;
        while (delivered < maxRecords && work < SCAN_BUDGET) {
            if (delivering != null) {
                int[] done = deliver(maxRecords - delivered, SCAN_BUDGET - work, handler);
                delivered += done[0];
                work += done[1];
                continue;
            }
            if (reachedLimit) {
                break;
            }
            if (limit != Long.MAX_VALUE && main.index() >= limit) {
                reachedLimit = true; // every document below the limit was read, and none may follow
                break;
            }
            try (DocumentContext dc = main.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                long index = dc.index();
                if (index >= limit) {
                    dc.rollbackOnClose();
                    reachedLimit = true;
                    break;
                }
                work++;
                Bytes<?> in = dc.wire().bytes();
                doc.parse(in);
                if (doc.malformed != null || doc.type == QueueDocuments.PLAIN) {
                    if (index >= deliveredThrough) {
                        handler.accept(record.set(doc.readValue(in), doc.timestamp, index, null, 0, doc.malformed));
                        deliveredThrough = index + 1;
                        partial = 0;
                        delivered++;
                        work++;
                    }
                    continue;
                }
                switch (doc.type) {
                    case QueueDocuments.RECORD -> onRecord(index);
                    case QueueDocuments.COMMIT -> onCommit(index);
                    case QueueDocuments.ABORT_EPOCH -> remove(doc.id, doc.epoch);
                    case QueueDocuments.ABORT_LINEAGE -> abortLineage(doc.id);
                    default -> throw new IllegalStateException("unhandled document type " + doc.type);
                }
            }
        }
        return work;
    }

    private void onRecord(long index) {
        List<OpenEpoch> epochs = open.computeIfAbsent(doc.id, id -> new ArrayList<>(2));
        for (int i = 0, n = epochs.size(); i < n; i++) {
            OpenEpoch e = epochs.get(i);
            if (e.epoch == doc.epoch) {
                e.lastIndex = index;
                e.count++;
                return;
            }
        }
        OpenEpoch e = new OpenEpoch(doc.id, doc.epoch, index);
        e.count = 1;
        epochs.add(e);
        openCount++;
    }

    private void onCommit(long index) {
        OpenEpoch e = remove(doc.id, doc.epoch);
        if (e == null || index < deliveredThrough) {
            return; // delivered before (a repeated COMMIT, or one below the restart's position), aborted, or unseen
        }
        delivering = e;
        replayed = 0;
        if (index > deliveredThrough) {
            deliveredThrough = index;
            partial = 0;
        }
        if (replay == null) {
            replay = queue.createTailer();
        }
        if (!replay.moveToIndex(e.firstIndex)) {
            throw new IllegalStateException("the first record (index " + Long.toHexString(e.firstIndex) + ") of epoch "
                    + e.epoch + " of writer " + e.writerId + " in " + record.origin() + " cannot be read again: the"
                    + " queue's older files were deleted while the reader needed them");
        }
    }

    /** Delivers the next records of {@link #delivering}; returns {delivered, work}. */
    private int[] deliver(int maxRecords, int budget, QueueRecordHandler handler) throws Exception {
        OpenEpoch e = delivering;
        int delivered = 0;
        int work = 0;
        while (replayed < e.count && delivered < maxRecords && work < budget) {
            try (DocumentContext dc = replay.readingDocument()) {
                if (!dc.isPresent()) {
                    throw new IllegalStateException("epoch " + e.epoch + " of writer " + e.writerId + " in "
                            + record.origin() + " has " + e.count + " records, but only " + replayed
                            + " could be read again before the end of the queue");
                }
                work++;
                long index = dc.index();
                Bytes<?> in = dc.wire().bytes();
                replayDoc.parse(in);
                if (replayDoc.malformed != null || replayDoc.type != QueueDocuments.RECORD
                        || replayDoc.epoch != e.epoch || !replayDoc.id.equals(e.writerId)) {
                    continue;
                }
                replayed++;
                if (replayed <= partial) {
                    continue; // delivered before the restart this position came from
                }
                handler.accept(record.set(replayDoc.readValue(in), replayDoc.timestamp, index, e.writerId, e.epoch,
                        null));
                partial = replayed;
                delivered++;
                work++;
            }
        }
        if (replayed == e.count) {
            delivering = null;
            deliveredThrough++;
            partial = 0;
        }
        return new int[] {delivered, work};
    }

    private OpenEpoch remove(String writerId, long epoch) {
        List<OpenEpoch> epochs = open.get(writerId);
        if (epochs == null) {
            return null;
        }
        for (int i = 0; i < epochs.size(); i++) {
            OpenEpoch e = epochs.get(i);
            if (e.epoch == epoch) {
                epochs.remove(i);
                if (epochs.isEmpty()) {
                    open.remove(writerId);
                }
                openCount--;
                return e;
            }
        }
        return null;
    }

    private void abortLineage(String lineage) {
        for (Iterator<Map.Entry<String, List<OpenEpoch>>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<OpenEpoch>> entry = it.next();
            if (QueueDocuments.lineageOf(entry.getKey()).equals(lineage)) {
                openCount -= entry.getValue().size();
                it.remove();
            }
        }
    }

    /** Where to reopen this reader so that it delivers exactly what it has not delivered yet. */
    @Override
    public QueuePosition position() {
        long scanFrom = main.index();
        if (delivering != null) {
            scanFrom = Math.min(scanFrom, delivering.firstIndex);
        }
        for (List<OpenEpoch> epochs : open.values()) {
            for (int i = 0, n = epochs.size(); i < n; i++) {
                scanFrom = Math.min(scanFrom, epochs.get(i).firstIndex);
            }
        }
        long through = Math.max(deliveredThrough, scanFrom);
        return new QueuePosition(scanFrom, through, through == deliveredThrough ? partial : 0);
    }

    /** Epochs seen but neither committed nor aborted yet. */
    public int openEpochs() {
        return openCount;
    }

    /** True when the reader has a limit and every document below it has been read and delivered. */
    @Override
    public boolean reachedLimit() {
        return reachedLimit && delivering == null;
    }

    @Override
    public void close() {
        main.close();
        if (replay != null) {
            replay.close();
        }
        if (ownsQueue) {
            queue.close();
        }
    }
}
