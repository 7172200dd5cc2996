package io.sluice.connectors.chronicle;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.serialization.TypeSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Appends elements to a Chronicle Queue, exactly once with checkpoints (the default) or at least
 * once. Immutable description built on the job-building thread; each subtask's writer and committer
 * run on that subtask's worker thread.
 *
 * <pre>{@code
 * orders.sinkTo(ChronicleQueueSink.forRecords(Path.of("/data/orders-queue"), RecordSerializer.utf8())
 *         .build());                      // exactly once; .atLeastOnce() for plain records
 * }</pre>
 *
 * <p><b>Exactly once, by epochs.</b> Each subtask's writer has an id {@code <job lineage>-<subtask>-<random>}
 * and counts its transactions (epochs) from 0. Every record is appended at once, stamped with
 * (writer id, epoch). At a checkpoint barrier the writer closes its epoch and hands (writer id,
 * epoch) to the checkpoint; when the checkpoint completes the committer appends a COMMIT document
 * for it. After a restore the checkpoint's epochs are committed again (a repeated COMMIT is
 * harmless) and then one ABORT_LINEAGE document ends every epoch the job's earlier runs left open.
 * The queue holds everything that was ever written: readers that must see committed records only
 * read it through {@link ChronicleCommittedReader} (or {@link ChronicleQueueSource}, which uses it).
 * The documents are described in {@code QueueDocuments}.
 *
 * <p><b>At least once.</b> Plain records, visible at once, no epochs and no markers; a restore writes
 * again what was written after its checkpoint.
 *
 * <p>Several subtasks (and several sinks or processes) may append to one queue: Chronicle Queue
 * serializes the appends, and each writer has its own appender.
 *
 * @param <T> the element type
 */
public final class ChronicleQueueSink<T> implements TwoPhaseCommitSink<T, EpochCommittable> {

    private static final long serialVersionUID = 1L;

    /** A path is not serializable; the absolute directory is kept as text. */
    private final String directory;
    private final RecordSerializer<? super T> serializer;
    private final boolean exactlyOnce;

    private ChronicleQueueSink(String directory, RecordSerializer<? super T> serializer, boolean exactlyOnce) {
        this.directory = directory;
        this.serializer = serializer;
        this.exactlyOnce = exactlyOnce;
    }

    /** A sink appending {@code serializer.serialize(element)} for each element to the queue in {@code queueDirectory}. */
    public static <T> Builder<T> forRecords(Path queueDirectory, RecordSerializer<? super T> serializer) {
        return new Builder<>(queueDirectory, serializer, true);
    }

    /** The queue's directory, absolute. */
    public Path directory() {
        return Path.of(directory);
    }

    public boolean isExactlyOnce() {
        return exactlyOnce;
    }

    @Override
    public PrecommittingWriter<T, EpochCommittable> createWriter(SinkContext context) throws Exception {
        Path dir = directory();
        Files.createDirectories(dir);
        if (!exactlyOnce) {
            return new PlainSinkWriter<>(dir, serializer);
        }
        String writerId = EpochCommitter.checkedLineage(context.jobLineageId()) + "-" + context.subtaskIndex() + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new EpochSinkWriter<>(dir, serializer, writerId);
    }

    @Override
    public Committer<EpochCommittable> createCommitter() {
        if (!exactlyOnce) {
            return new Committer<>() {
                @Override
                public void commit(java.util.Collection<EpochCommittable> committables) {
                }

                @Override
                public void abort(java.util.Collection<EpochCommittable> committables) {
                }
            };
        }
        return new EpochCommitter(directory());
    }

    @Override
    public TypeSerializer<EpochCommittable> committableSerializer() {
        return EpochCommittableSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "ChronicleQueueSink(" + directory + ", " + (exactlyOnce ? "exactly once" : "at least once") + ")";
    }

    static <T> byte[] serialize(RecordSerializer<? super T> serializer, T element, Path directory) throws Exception {
        byte[] value = serializer.serialize(element);
        if (value == null) {
            throw new IllegalArgumentException("the record serializer of the Chronicle Queue sink for " + directory
                    + " returned null for " + element + "; return the record's bytes (an empty array for none)");
        }
        return value;
    }

    /** Settings of a {@link ChronicleQueueSink}; {@link #build()} makes the sink. */
    public static final class Builder<T> {
        private final Path directory;
        private final RecordSerializer<? super T> serializer;
        private final boolean exactlyOnce;

        private Builder(Path directory, RecordSerializer<? super T> serializer, boolean exactlyOnce) {
            this.directory = Objects.requireNonNull(directory, "queueDirectory");
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            this.exactlyOnce = exactlyOnce;
        }

        /** Records in epochs, committed with checkpoints (the default). */
        public Builder<T> exactlyOnce() {
            return new Builder<>(directory, serializer, true);
        }

        /** Plain records, visible at once; repeated after a restore. */
        public Builder<T> atLeastOnce() {
            return new Builder<>(directory, serializer, false);
        }

        public ChronicleQueueSink<T> build() {
            return new ChronicleQueueSink<>(directory.toAbsolutePath().normalize().toString(), serializer, exactlyOnce);
        }
    }
}
