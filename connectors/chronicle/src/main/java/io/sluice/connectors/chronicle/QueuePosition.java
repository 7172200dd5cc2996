package io.sluice.connectors.chronicle;

/**
 * Where a queue reader resumes. Queue indices (Chronicle's {@code cycle << bits | sequence}) grow
 * with every document; 0 stands for the start of the queue.
 *
 * <p>A {@link ChronicleCommittedReader} must re-read the records of epochs that were open when the
 * position was taken, so it resumes scanning at {@code scanFrom} (at most the first record of the
 * oldest open epoch), and it delivers again only what comes at or after {@code deliveredThrough}:
 * every record-delivering document (a COMMIT, a plain record) at an index below it was delivered;
 * the one at {@code deliveredThrough} had its first {@code partial} records delivered (a COMMIT
 * whose epoch was being delivered). A raw reader has {@code scanFrom == deliveredThrough}, the next
 * index to read.
 *
 * @param scanFrom         the index to start scanning at (0: the start of the queue)
 * @param deliveredThrough documents below this index were delivered
 * @param partial          records already delivered of the COMMIT at {@code deliveredThrough}
 */
public record QueuePosition(long scanFrom, long deliveredThrough, long partial) {

    /** The start of the queue: everything is delivered. */
    public static final QueuePosition START = new QueuePosition(0, 0, 0);

    public QueuePosition {
        if (scanFrom < 0 || deliveredThrough < 0 || partial < 0 || scanFrom > deliveredThrough) {
            throw new IllegalArgumentException("a queue position needs 0 <= scanFrom <= deliveredThrough and partial"
                    + " >= 0, got scanFrom " + scanFrom + ", deliveredThrough " + deliveredThrough + ", partial "
                    + partial);
        }
    }

    /**
     * A committed reader's position that delivers the epochs committed (and plain records written) at
     * or after {@code index}, scanning the queue from its start to find their records.
     */
    public static QueuePosition committedFrom(long index) {
        return new QueuePosition(0, index, 0);
    }

    /** A raw reader's position: the next index to read. */
    public static QueuePosition at(long index) {
        return new QueuePosition(index, index, 0);
    }

    @Override
    public String toString() {
        return "QueuePosition(scanFrom=" + Long.toHexString(scanFrom) + ", deliveredThrough="
                + Long.toHexString(deliveredThrough) + ", partial=" + partial + ")";
    }
}
