package io.sluice.connectors.chronicle;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Delivers every record of a queue as it comes, committed or not: RECORD and PLAIN documents, and
 * malformed documents as malformed records; markers are skipped. Used from one thread.
 */
final class RawQueueReader implements QueueReader {

    private static final int SCAN_BUDGET = 1024;

    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final long limit;
    private final QueueRecord record;
    private final QueueDocuments.Parsed doc = new QueueDocuments.Parsed();
    private long next;
    private boolean reachedLimit;

    /**
     * @param queue a queue this reader owns and closes
     * @param limit the first index not to read ({@code Long.MAX_VALUE}: no end)
     */
    RawQueueReader(ChronicleQueue queue, Path directory, QueuePosition from, long limit) {
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.limit = limit;
        this.record = new QueueRecord(Queues.origin(directory));
        this.next = from.deliveredThrough();
        QueueReader.moveTo(tailer, next);
    }

    @Override
    public int poll(int maxRecords, QueueRecordHandler handler) throws Exception {
        int work = 0;
        int delivered = 0;
        while (delivered < maxRecords && work < SCAN_BUDGET && !reachedLimit) {
            if (limit != Long.MAX_VALUE && tailer.index() >= limit) {
                reachedLimit = true; // every document below the limit was read, and none may follow
                return work;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return work;
                }
                long index = dc.index();
                if (index >= limit) {
                    dc.rollbackOnClose();
                    reachedLimit = true;
                    return work;
                }
                work++;
                Bytes<?> in = dc.wire().bytes();
                doc.parse(in);
                next = index + 1;
                if (doc.malformed == null && doc.type != QueueDocuments.RECORD && doc.type != QueueDocuments.PLAIN) {
                    continue;
                }
                handler.accept(record.set(doc.readValue(in), doc.timestamp, index,
                        doc.type == QueueDocuments.RECORD ? doc.id : null, doc.epoch, doc.malformed));
                delivered++;
                work++;
            }
        }
        return work;
    }

    @Override
    public QueuePosition position() {
        return QueuePosition.at(next);
    }

    @Override
    public boolean reachedLimit() {
        return reachedLimit;
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
