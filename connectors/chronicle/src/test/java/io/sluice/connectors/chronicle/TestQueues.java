package io.sluice.connectors.chronicle;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.connector.format.RecordSerializer;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Helpers of the Chronicle tests: sink writers outside a job, reading a queue to its current end, waiting. */
final class TestQueues {

    private TestQueues() {
    }

    static SinkContext context(String lineage, int subtask) {
        return SinkContext.of(subtask, 2, "chronicle-sink", lineage);
    }

    static ChronicleQueueSink<String> exactlyOnce(Path queue) {
        return ChronicleQueueSink.forRecords(queue, RecordSerializer.utf8()).build();
    }

    @SuppressWarnings("unchecked")
    static TwoPhaseCommitSink.PrecommittingWriter<String, EpochCommittable> writer(Path queue, String lineage, int subtask)
            throws Exception {
        return exactlyOnce(queue).createWriter(context(lineage, subtask));
    }

    static void write(TwoPhaseCommitSink.PrecommittingWriter<String, EpochCommittable> writer, String... values)
            throws Exception {
        for (String v : values) {
            writer.write(v, Long.MIN_VALUE);
        }
    }

    /** Appends raw bytes as one document: not a Sluice document unless the bytes happen to be one. */
    static long appendForeign(Path queue, byte[] bytes) {
        try (ChronicleQueue q = Queues.open(queue); ExcerptAppender a = q.createAppender()) {
            try (DocumentContext dc = a.writingDocument()) {
                dc.wire().bytes().write(bytes);
            }
            return a.lastIndexAppended();
        }
    }

    /** Appends plain (at-least-once) UTF-8 records; returns their indices. */
    static List<Long> appendPlain(Path queue, String... values) throws Exception {
        List<Long> indices = new ArrayList<>();
        try (ChronicleQueue q = Queues.open(queue); ExcerptAppender a = q.createAppender()) {
            for (String v : values) {
                try (DocumentContext dc = a.writingDocument()) {
                    QueueDocuments.writePlain(dc.wire().bytes(), Long.MIN_VALUE, v.getBytes(StandardCharsets.UTF_8));
                }
                indices.add(a.lastIndexAppended());
            }
        }
        return indices;
    }

    /** Polls {@code reader} until a poll finds nothing, collecting the values as UTF-8. */
    static List<String> drain(QueueReader reader, int maxRecordsPerPoll) throws Exception {
        List<String> out = new ArrayList<>();
        while (reader.poll(maxRecordsPerPoll, r -> out.add(new String(r.value(), StandardCharsets.UTF_8))) > 0) {
            // each poll reads a bounded amount; go on until nothing is left
        }
        return out;
    }

    /** Reads everything committed in the queue now, from the start. */
    static List<String> committed(Path queue) throws Exception {
        try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(queue, QueuePosition.START)) {
            return drain(reader, 100);
        }
    }

    /** {@link #committed}, or an empty list while the queue cannot be read yet (another process creating it). */
    static List<String> committedQuietly(Path queue) {
        try {
            return committed(queue);
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Waits until {@code condition} holds, checking it every millisecond; fails after {@code deadlineMs}. */
    static void await(String what, long deadlineMs, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("no " + what + " after " + deadlineMs + " ms");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
