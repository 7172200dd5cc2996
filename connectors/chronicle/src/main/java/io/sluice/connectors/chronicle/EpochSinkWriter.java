package io.sluice.connectors.chronicle;

import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.connector.format.RecordSerializer;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Writes the records of one subtask of an exactly-once {@link ChronicleQueueSink}. Called only from
 * that subtask's worker thread (close may come from the thread that stops the task).
 *
 * <p>Each record is appended at once as a RECORD document stamped with this writer's id and its
 * current epoch; {@link #prepareCommit()} closes the epoch (an epoch without records yields no
 * committable) and opens the next. Nothing is buffered: an append writes into the queue's
 * memory-mapped file, which survives the death of the process (not a power loss unless the
 * operating system wrote it back). {@link #close()} with records in the open epoch appends an
 * ABORT_EPOCH for it: they were never pre-committed, and the records are written again by a restore.
 */
final class EpochSinkWriter<T> implements TwoPhaseCommitSink.PrecommittingWriter<T, EpochCommittable> {

    private final Path directory;
    private final RecordSerializer<? super T> serializer;
    private final String writerId;
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private long epoch;
    private long recordsInEpoch;

    EpochSinkWriter(Path directory, RecordSerializer<? super T> serializer, String writerId) {
        this.directory = directory;
        this.serializer = serializer;
        this.writerId = writerId;
    }

    String writerId() {
        return writerId;
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        byte[] value = ChronicleQueueSink.serialize(serializer, element, directory);
        try (DocumentContext dc = appender().writingDocument()) {
            QueueDocuments.writeRecord(dc.wire().bytes(), writerId, epoch, timestamp, value);
        }
        recordsInEpoch++;
    }

    @Override
    public Collection<EpochCommittable> prepareCommit() {
        if (recordsInEpoch == 0) {
            return List.of();
        }
        EpochCommittable committable = new EpochCommittable(writerId, epoch);
        epoch++;
        recordsInEpoch = 0;
        return List.of(committable);
    }

    @Override
    public void close() {
        try {
            if (recordsInEpoch > 0) {
                try (DocumentContext dc = appender().writingDocument()) {
                    QueueDocuments.writeMarker(dc.wire().bytes(), QueueDocuments.ABORT_EPOCH, writerId, epoch);
                }
                recordsInEpoch = 0;
            }
        } finally {
            if (queue != null) {
                appender.singleThreadedCheckReset();
                appender.close();
                queue.close();
                queue = null;
                appender = null;
            }
        }
    }

    private ExcerptAppender appender() {
        if (appender == null) {
            queue = Queues.open(directory);
            appender = queue.createAppender();
        }
        appender.singleThreadedCheckReset(); // close may come from another thread than the writes
        return appender;
    }
}
