package io.sluice.connectors.chronicle;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.BadRecords;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.serialization.TypeSerializer;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads a Chronicle Queue, by default only what a {@link ChronicleQueueSink} committed (through
 * {@link ChronicleCommittedReader}) and plain records, or raw: every record as it was appended.
 * Immutable description built on the job-building thread; the reader runs on a worker thread.
 *
 * <pre>{@code
 * env.fromSource(ChronicleQueueSource.forRecords(Path.of("/data/orders-queue"), RecordDeserializer.utf8())
 *                 .bounded()            // stop at the end the queue had when the job started
 *                 .build(),
 *         WatermarkStrategy.noWatermarks(), "orders");
 * }</pre>
 *
 * <ul>
 *   <li>Start: from the start of the queue (default), {@link Builder#startingFromEnd() from its end}
 *       when the job first starts, or {@link Builder#startingAt(long) at an index}. Read committed, a
 *       start at index {@code i} delivers the epochs committed at or after {@code i} and plain records
 *       at or after it, which means the queue is scanned from its start once to find those epochs'
 *       records (without delivering them); raw, the reader starts at {@code i}, which must be an index
 *       of the queue or its end.</li>
 *   <li>Bounded: stops before the index that was the end of the queue when the job first started (a
 *       restore keeps it); epochs still open there are not delivered. Unbounded (default): tails.</li>
 *   <li>Bad records ({@link BadRecordPolicy}, FAIL by default): records the deserializer refuses, and
 *       documents that are not Sluice's. Their origin is {@code "queue <dir>"}, their position the
 *       queue index.</li>
 *   <li>One split, the queue, with the reader's position in checkpoints: a restored job delivers each
 *       committed record exactly once. At parallelism above 1 only the first subtask reads; the
 *       others get no split and end at once (use {@code rebalance()} after the source to spread the
 *       work).</li>
 * </ul>
 * Watermarks come from the job's {@code WatermarkStrategy}; elements carry the timestamp the sink
 * was given, when there was one.
 *
 * @param <T> the element type
 */
public final class ChronicleQueueSource<T> implements Source<T, ChronicleQueueSplit> {

    private static final long serialVersionUID = 1L;

    private enum Start { START, END, INDEX }

    private final String directory;
    private final RecordDeserializer<T> deserializer;
    private final Start start;
    private final long startIndex;
    private final boolean bounded;
    private final boolean readCommitted;
    private final BadRecordPolicy badRecordPolicy;

    private ChronicleQueueSource(Builder<T> b) {
        this.directory = b.directory.toAbsolutePath().normalize().toString();
        this.deserializer = b.deserializer;
        this.start = b.start;
        this.startIndex = b.startIndex;
        this.bounded = b.bounded;
        this.readCommitted = b.readCommitted;
        this.badRecordPolicy = b.badRecordPolicy;
    }

    /** A source reading the queue in {@code queueDirectory}, each record through {@code deserializer}. */
    public static <T> Builder<T> forRecords(Path queueDirectory, RecordDeserializer<T> deserializer) {
        return new Builder<>(queueDirectory, deserializer);
    }

    @Override
    public Boundedness boundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    /** One split, the queue (created if missing), positioned at the chosen start; read by subtask 0. */
    @Override
    public List<ChronicleQueueSplit> createSplits(int parallelism) {
        try (ChronicleQueue queue = Queues.open(Path.of(directory)); ExcerptTailer tailer = queue.createTailer()) {
            long end = tailer.toEnd().index();
            long from = switch (start) {
                case START -> 0;
                case END -> end;
                case INDEX -> startIndex;
            };
            QueuePosition position = readCommitted ? QueuePosition.committedFrom(from) : QueuePosition.at(from);
            return List.of(new ChronicleQueueSplit(directory, position, bounded ? end : Long.MAX_VALUE));
        }
    }

    @Override
    public SourceReader<T, ChronicleQueueSplit> createReader(SourceReaderContext context) {
        return new ChronicleSourceReader<>(readCommitted, deserializer,
                new BadRecords(badRecordPolicy, Queues.origin(Path.of(directory))));
    }

    @Override
    public TypeSerializer<ChronicleQueueSplit> splitSerializer() {
        return new ChronicleQueueSplitSerializer();
    }

    @Override
    public String toString() {
        return "ChronicleQueueSource(" + directory + ", " + (readCommitted ? "read committed" : "raw") + ", "
                + (bounded ? "bounded" : "unbounded") + ")";
    }

    /** Settings of a {@link ChronicleQueueSource}; {@link #build()} makes the source. */
    public static final class Builder<T> {
        private final Path directory;
        private final RecordDeserializer<T> deserializer;
        private Start start = Start.START;
        private long startIndex;
        private boolean bounded;
        private boolean readCommitted = true;
        private BadRecordPolicy badRecordPolicy = BadRecordPolicy.FAIL;

        private Builder(Path directory, RecordDeserializer<T> deserializer) {
            this.directory = Objects.requireNonNull(directory, "queueDirectory");
            this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        }

        /** Reads from the start of the queue (the default). */
        public Builder<T> startingFromStart() {
            start = Start.START;
            return this;
        }

        /** Reads what is written (committed) after the job first starts. */
        public Builder<T> startingFromEnd() {
            start = Start.END;
            return this;
        }

        /** Reads from queue index {@code index} (see the class comment for what that means read committed). */
        public Builder<T> startingAt(long index) {
            if (index < 0) {
                throw new IllegalArgumentException("a queue index is >= 0, got " + index);
            }
            start = Start.INDEX;
            startIndex = index;
            return this;
        }

        /** Stops at the end the queue had when the job first started. */
        public Builder<T> bounded() {
            bounded = true;
            return this;
        }

        /** Tails the queue without end (the default). */
        public Builder<T> unbounded() {
            bounded = false;
            return this;
        }

        /** Delivers every record as appended, committed or not, aborted or not. */
        public Builder<T> readRaw() {
            readCommitted = false;
            return this;
        }

        /** Delivers committed epochs and plain records only (the default). */
        public Builder<T> readCommitted() {
            readCommitted = true;
            return this;
        }

        public Builder<T> withBadRecordPolicy(BadRecordPolicy policy) {
            badRecordPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public ChronicleQueueSource<T> build() {
            return new ChronicleQueueSource<>(this);
        }
    }
}
