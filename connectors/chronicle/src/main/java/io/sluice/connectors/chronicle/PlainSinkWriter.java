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
 * Writes the records of one subtask of an at-least-once {@link ChronicleQueueSink} as PLAIN
 * documents, visible to readers at once; pre-commits nothing. Called only from that subtask's worker
 * thread.
 */
final class PlainSinkWriter<T> implements TwoPhaseCommitSink.PrecommittingWriter<T, EpochCommittable> {

    private final Path directory;
    private final RecordSerializer<? super T> serializer;
    private ChronicleQueue queue;
    private ExcerptAppender appender;

    PlainSinkWriter(Path directory, RecordSerializer<? super T> serializer) {
        this.directory = directory;
        this.serializer = serializer;
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        byte[] value = ChronicleQueueSink.serialize(serializer, element, directory);
        if (appender == null) {
            queue = Queues.open(directory);
            appender = queue.createAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            QueueDocuments.writePlain(dc.wire().bytes(), timestamp, value);
        }
    }

    @Override
    public Collection<EpochCommittable> prepareCommit() {
        return List.of();
    }

    @Override
    public void close() {
        if (queue != null) {
            appender.singleThreadedCheckReset();
            appender.close();
            queue.close();
            queue = null;
            appender = null;
        }
    }
}
