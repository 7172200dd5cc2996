package io.sluice.examples.fraud;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.connectors.chronicle.ChronicleQueueSink;

import java.nio.file.Path;

/** Appends lines to a Chronicle queue outside a job, as plain records a {@code ChronicleQueueSource} reads. */
final class QueueLines {

    private QueueLines() {
    }

    /** Appends each line, in order, without a timestamp. */
    static void append(Path queue, Iterable<String> lines) throws Exception {
        ChronicleQueueSink<String> sink = ChronicleQueueSink.forRecords(queue, RecordSerializer.utf8())
                .atLeastOnce().build();
        try (SinkWriter<String> writer = sink.createWriter(SinkContext.of(0, 1, "fraud-generator", "generator"))) {
            for (String line : lines) {
                writer.write(line, Long.MIN_VALUE);
            }
            writer.flush(true);
        }
    }
}
