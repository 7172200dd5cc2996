package io.sluice.connectors.files;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import io.sluice.api.connector.format.DelimitedTextSerializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.serialization.TypeSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes elements as lines of UTF-8 text into part files of one directory, exactly once with
 * checkpoints. Immutable description built on the job-building thread; each subtask's writer and
 * committer run on that subtask's worker thread.
 *
 * <pre>{@code
 * orders.sinkTo(TwoPhaseCommitFileSink.forRows(Path.of("/data/orders"), Order::toCsv)
 *         .withPartPrefix("orders")
 *         .build());
 * }</pre>
 *
 * <p>A part file goes through three states, all in the target directory:
 * <pre>
 *   in progress ──prepareCommit (barrier)──► pending ──commit (checkpoint complete)──► committed
 *   .part-0-&lt;lineage&gt;-&lt;writer&gt;-3.inprogress  (same file: closed, fsynced)  part-0-&lt;lineage&gt;-&lt;writer&gt;-3
 * </pre>
 * {@code <lineage>} is the job's lineage id (the same across its restarts and restores), {@code <writer>}
 * is random per writer instance.
 * A subtask writes into one in-progress part, opened with its first record; at every checkpoint
 * barrier the part is fsynced and closed (it is then pending, and named in the checkpoint), and
 * once the checkpoint is complete it is renamed to its final name atomically. After a failure the
 * job restores from its last complete checkpoint, whose pending parts are committed again (a part
 * already renamed is left alone); the lines written after that checkpoint are written again into
 * new parts. So the committed parts hold every record exactly once.
 *
 * <p><b>Readers must ignore hidden files</b> (names starting with {@code '.'}): in-progress and
 * pending parts, some of which are never committed — parts of a checkpoint that did not complete,
 * or the open part of a process that was killed. When the job starts again from a checkpoint, the
 * parts that checkpoint holds are committed first, and then every hidden part its own earlier runs
 * left (this sink's prefix and the job's lineage) is deleted; hidden files of other jobs, other
 * sinks and other prefixes are never touched. {@link CommittedFiles} lists and reads committed parts.
 *
 * <p>A bounded job commits its last parts with its final checkpoint (or, without periodic
 * checkpoints, when every task has ended); an unbounded one without checkpoints never commits.
 * Each element is one line: the encoder must not return a line break, except inside the quoted
 * fields of a {@link DelimitedTextSerializer} (CSV), whose header line, if any, starts every part.
 *
 * @param <T> the element type
 */
public final class TwoPhaseCommitFileSink<T> implements TwoPhaseCommitSink<T, FileCommittable> {

    private static final long serialVersionUID = 1L;

    /** The part prefix unless {@link Builder#withPartPrefix} says otherwise. */
    public static final String DEFAULT_PART_PREFIX = "part";

    /** A path is not serializable; the absolute directory is kept as text. */
    private final String directory;
    private final String partPrefix;
    private final LineBytes<? super T> encoder;
    /** Null without buckets. */
    private final BucketAssigner<? super T> buckets;
    private final RollingPolicy rolling;

    private TwoPhaseCommitFileSink(String directory, String partPrefix, LineBytes<? super T> encoder,
                                   BucketAssigner<? super T> buckets, RollingPolicy rolling) {
        this.directory = directory;
        this.partPrefix = partPrefix;
        this.encoder = encoder;
        this.buckets = buckets;
        this.rolling = rolling;
    }

    /** A sink writing {@code encoder.encode(element)} as one line per element into {@code directory}. */
    public static <T> Builder<T> forRows(Path directory, LineEncoder<? super T> encoder) {
        Objects.requireNonNull(encoder, "encoder");
        return new Builder<>(directory, LineBytes.of(encoder), DEFAULT_PART_PREFIX, null, RollingPolicy.AT_CHECKPOINTS);
    }

    /**
     * A sink writing {@code serializer.serialize(element)} as one line per element into
     * {@code directory}: JSON lines with {@code Json.serializer()} of the formats module, for instance.
     * The bytes must not hold a line break. A {@link DelimitedTextSerializer} ({@code Csv.serializer}
     * of the formats module) may put line breaks inside quoted fields, and its header line, if it has
     * one, is written at the start of every part, so that each part can be read alone.
     */
    public static <T> Builder<T> forRecords(Path directory, RecordSerializer<? super T> serializer) {
        Objects.requireNonNull(serializer, "serializer");
        return new Builder<>(directory, LineBytes.of(serializer), DEFAULT_PART_PREFIX, null, RollingPolicy.AT_CHECKPOINTS);
    }

    /** A sink writing each string as one line into {@code directory}. */
    public static Builder<String> forLines(Path directory) {
        return forRows(directory, line -> line);
    }

    /** Where the parts are written, absolute. */
    public Path directory() {
        return Path.of(directory);
    }

    /** The first component of every part name. */
    public String partPrefix() {
        return partPrefix;
    }

    /** Creates the directory if needed; leaves every file in it alone. */
    @Override
    public PrecommittingWriter<T, FileCommittable> createWriter(SinkContext context) throws IOException {
        Path dir = directory();
        Files.createDirectories(dir);
        String writerId = FileCommitter.checkedLineage(context.jobLineageId()) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new FileSinkWriter<>(dir, partPrefix, context.subtaskIndex(), writerId, encoder, buckets, rolling);
    }

    @Override
    public Committer<FileCommittable> createCommitter() {
        return new FileCommitter(directory(), partPrefix);
    }

    @Override
    public TypeSerializer<FileCommittable> committableSerializer() {
        return FileCommittableSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "TwoPhaseCommitFileSink(" + directory + ", " + partPrefix + "-*)";
    }

    /** Settings of a {@link TwoPhaseCommitFileSink}; {@link #build()} makes the sink. */
    public static final class Builder<T> {
        private final Path directory;
        private final LineBytes<? super T> encoder;
        private final String partPrefix;
        private final BucketAssigner<? super T> buckets;
        private final RollingPolicy rolling;

        private Builder(Path directory, LineBytes<? super T> encoder, String partPrefix,
                        BucketAssigner<? super T> buckets, RollingPolicy rolling) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.encoder = encoder;
            this.partPrefix = partPrefix;
            this.buckets = buckets;
            this.rolling = rolling;
        }

        /**
         * Writes each element into the directory its bucket names under the sink's directory (one
         * directory per day, say: {@code o -> o.day().toString()}); each bucket has its own parts,
         * rolled and committed as without buckets.
         */
        public Builder<T> withBuckets(BucketAssigner<? super T> assigner) {
            return new Builder<>(directory, encoder, partPrefix, Objects.requireNonNull(assigner, "assigner"), rolling);
        }

        /**
         * Names parts {@code <prefix>-<subtask>-<writer id>-<n>} instead of {@code part-...}: to tell
         * the output of several sinks sharing a directory apart.
         *
         * @throws IllegalArgumentException if the prefix is empty, starts with '.' or holds a path separator
         */
        public Builder<T> withPartPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty() || prefix.startsWith(".") || prefix.indexOf('/') >= 0 || prefix.indexOf('\\') >= 0
                    || prefix.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("part prefix '" + prefix + "' of the file sink for " + directory
                        + " must be a non-empty file name that does not start with '.' (hidden files are the"
                        + " parts not committed yet); use a name such as \"orders\"");
            }
            return new Builder<>(directory, encoder, prefix, buckets, rolling);
        }

        /**
         * Closes a part once it holds {@code bytes} bytes and goes on in a new one; parts still become
         * visible only when the next checkpoint completes.
         *
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public Builder<T> rollAfterBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("the part size of the file sink for " + directory
                        + " must be positive, got " + bytes);
            }
            return new Builder<>(directory, encoder, partPrefix, buckets, rolling.withMaxBytes(bytes));
        }

        /**
         * Closes a part once it has been open for {@code age} (checked when a record arrives) and goes
         * on in a new one; parts still become visible only when the next checkpoint completes.
         *
         * @throws IllegalArgumentException if {@code age} is not positive
         */
        public Builder<T> rollAfterTime(java.time.Duration age) {
            if (age == null || age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("the part age of the file sink for " + directory
                        + " must be positive, got " + age);
            }
            return new Builder<>(directory, encoder, partPrefix, buckets, rolling.withMaxAge(age));
        }

        public TwoPhaseCommitFileSink<T> build() {
            return new TwoPhaseCommitFileSink<>(directory.toAbsolutePath().normalize().toString(), partPrefix,
                    encoder, buckets, rolling);
        }
    }
}
