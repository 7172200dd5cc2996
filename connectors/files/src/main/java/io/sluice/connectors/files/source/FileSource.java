package io.sluice.connectors.files.source;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.BadRecords;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.serialization.TypeSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads the lines of a file, or of every file under a directory, each line a record turned into an
 * element by a {@link RecordDeserializer} (the line's bytes, without its line break).
 *
 * <pre>{@code
 * env.fromSource(FileSource.lines(Path.of("/data/in")).build(), WatermarkStrategy.noWatermarks(), "lines");
 * env.fromSource(FileSource.forRecords(Path.of("/data/orders"), Json.deserializer(Order.class))
 *         .monitorContinuously(Duration.ofSeconds(5))
 *         .withBadRecordPolicy(BadRecordPolicy.DEAD_LETTER)
 *         .build(), strategy, "orders");
 * }</pre>
 *
 * <p>A file of at most {@link Builder#blockSize} bytes (64 MiB unless set) is one split, whose
 * position (byte offset and line number of the next line) is in checkpoints, so a restore reads on
 * from the exact line. A larger file is cut into blocks of that size, which the subtasks read in
 * parallel: each block holds the lines that start in it (see {@link FileSplit}); its position is the
 * byte offset of its next line, and that of a bad record is the byte offset where its line starts.
 *
 * <p>Files under a directory are found recursively; names starting with '.' or '_' (hidden files,
 * such as a file sink's parts in progress) are skipped, files and directories alike. Read once
 * (bounded), the source ends when every file has been read; with {@link Builder#monitorContinuously}
 * it is unbounded and looks for new files at that interval (each new split is read once, by the
 * subtask {@code splitOwner} names). A file is read up to its end as it is when the reader gets
 * there (a block up to the size the file had when it was found): move finished files into a
 * monitored directory (write elsewhere, then rename), never append to one that is being read.
 * Lines are read on a thread per reader, never on a worker thread.
 *
 * @param <T> the element type
 */
public final class FileSource<T> implements Source<T, FileSplit> {

    private static final long serialVersionUID = 1L;
    /** Lines a reader's file thread reads ahead of what the job has taken. */
    private static final int READ_AHEAD_LINES = 4096;
    /** Files larger than this are cut into blocks unless the builder says otherwise. */
    public static final long DEFAULT_BLOCK_SIZE = 64L << 20;

    private final String path;
    private final RecordDeserializer<T> deserializer;
    private final BadRecordPolicy badRecordPolicy;
    /** Null for a source read once. */
    private final Duration monitorInterval;
    /** {@link FileSplit#WHOLE_FILE} to read every file whole. */
    private final long blockSize;
    private final boolean quotedLineBreaks;

    private FileSource(String path, RecordDeserializer<T> deserializer, BadRecordPolicy badRecordPolicy,
                       Duration monitorInterval, long blockSize, boolean quotedLineBreaks) {
        this.path = path;
        this.deserializer = deserializer;
        this.badRecordPolicy = badRecordPolicy;
        this.monitorInterval = monitorInterval;
        this.blockSize = blockSize;
        this.quotedLineBreaks = quotedLineBreaks;
    }

    /** Lines as UTF-8 text. */
    public static Builder<String> lines(Path path) {
        return forRecords(path, RecordDeserializer.utf8());
    }

    /** Lines turned into elements by {@code deserializer} (for instance JSON lines). */
    public static <T> Builder<T> forRecords(Path path, RecordDeserializer<T> deserializer) {
        return new Builder<>(path, deserializer, BadRecordPolicy.FAIL, null, null, false);
    }

    @Override
    public Boundedness boundedness() {
        return monitorInterval == null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    /**
     * Every file there is now, unread, whole or cut into blocks; split {@code i} goes to subtask
     * {@code i % parallelism}, so the blocks of a large file are spread over the subtasks.
     */
    @Override
    public List<FileSplit> createSplits(int parallelism) throws IOException {
        Path root = Path.of(path);
        if (!Files.exists(root)) {
            throw new IOException("file source: " + root + " does not exist; give an existing file or directory"
                    + (monitorInterval == null ? "" : " (a monitored directory must exist when the job starts)"));
        }
        return files();
    }

    @Override
    public Duration splitDiscoveryInterval() {
        return monitorInterval;
    }

    @Override
    public List<FileSplit> discoverSplits() throws IOException {
        return files();
    }

    private List<FileSplit> files() throws IOException {
        Path root = Path.of(path);
        List<Path> files;
        if (Files.isRegularFile(root)) {
            files = List.of(root);
        } else {
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> !p.equals(root) && Files.isRegularFile(p) && !hidden(root, p)).sorted().toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        List<FileSplit> splits = new ArrayList<>();
        for (Path file : files) {
            long size;
            try {
                size = Files.size(file);
            } catch (NoSuchFileException e) {
                continue; // moved away since the listing: as if it had not been listed
            }
            splits.addAll(FileSplit.of(file.toString(), size, blockSize));
        }
        return splits;
    }

    /** A file whose name, or the name of a directory on its way from the root, starts with '.' or '_'. */
    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public SourceReader<T, FileSplit> createReader(SourceReaderContext context) {
        LineFetcher fetcher = new LineFetcher("sluice-file-reader-" + context.operatorName() + "-"
                + (context.subtaskIndex() + 1), READ_AHEAD_LINES, quotedLineBreaks);
        return new FileSourceReader<>(deserializer, new BadRecords(badRecordPolicy, context.operatorName()),
                monitorInterval != null, fetcher);
    }

    @Override
    public TypeSerializer<FileSplit> splitSerializer() {
        return new FileSplitSerializer();
    }

    @Override
    public String toString() {
        return "FileSource(" + path + (monitorInterval == null ? "" : ", every " + monitorInterval)
                + (blockSize == FileSplit.WHOLE_FILE ? ", whole files" : ", blocks of " + blockSize + " bytes")
                + (quotedLineBreaks ? ", quoted line breaks" : "") + ")";
    }

    /** Settings of a {@link FileSource}; {@link #build()} makes it. */
    public static final class Builder<T> {
        private final Path path;
        private final RecordDeserializer<T> deserializer;
        private final BadRecordPolicy policy;
        private final Duration interval;
        /** Null until set: the default, or whole files with quoted line breaks. */
        private final Long blockSize;
        private final boolean quotedLineBreaks;

        private Builder(Path path, RecordDeserializer<T> deserializer, BadRecordPolicy policy, Duration interval,
                        Long blockSize, boolean quotedLineBreaks) {
            this.path = Objects.requireNonNull(path, "path");
            this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
            this.policy = Objects.requireNonNull(policy, "policy");
            this.interval = interval;
            this.blockSize = blockSize;
            this.quotedLineBreaks = quotedLineBreaks;
        }

        /**
         * Unbounded: looks for new files under the directory every {@code interval}, and reads each
         * new one once.
         *
         * @throws IllegalArgumentException if the interval is not positive
         */
        public Builder<T> monitorContinuously(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the monitoring interval of the file source for " + path
                        + " must be positive, got " + interval);
            }
            return new Builder<>(path, deserializer, policy, interval, blockSize, quotedLineBreaks);
        }

        /** What to do with a line the deserializer refuses (default {@link BadRecordPolicy#FAIL}). */
        public Builder<T> withBadRecordPolicy(BadRecordPolicy badRecordPolicy) {
            return new Builder<>(path, deserializer, badRecordPolicy, interval, blockSize, quotedLineBreaks);
        }

        /**
         * Cuts every file larger than {@code bytes} into blocks of {@code bytes} (the last one
         * shorter), which the subtasks read in parallel; default {@link FileSource#DEFAULT_BLOCK_SIZE} (64 MiB).
         * {@code Long.MAX_VALUE} reads every file whole, as {@link #wholeFiles()} does.
         *
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder<T> blockSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("the block size of the file source for " + path
                        + " must be at least 1 byte, got " + bytes + "; use wholeFiles() to read every file whole");
            }
            return new Builder<>(path, deserializer, policy, interval, bytes, quotedLineBreaks);
        }

        /** Reads every file whole, by one subtask, however large: no blocks. */
        public Builder<T> wholeFiles() {
            return blockSize(FileSplit.WHOLE_FILE);
        }

        /**
         * A line break inside double quotes does not end a record: for CSV whose quoted fields hold
         * line breaks (RFC 4180), as {@code Csv.serializer(...)} writes them. Every {@code '"'} opens
         * or closes quotes, so use it only for data quoted that way: a stray quote joins the lines up
         * to the next one into one (bad) record. Such files are read whole, never cut into blocks (a
         * block cannot tell whether it starts inside quotes); the position of a record is the number
         * of the line it starts on.
         */
        public Builder<T> quotedLineBreaks() {
            return new Builder<>(path, deserializer, policy, interval, blockSize, true);
        }

        /**
         * @throws IllegalArgumentException if {@link #quotedLineBreaks()} is set with a block size
         *                                  (other than {@link #wholeFiles()})
         */
        public FileSource<T> build() {
            long size = blockSize == null ? (quotedLineBreaks ? FileSplit.WHOLE_FILE : DEFAULT_BLOCK_SIZE) : blockSize;
            if (quotedLineBreaks && size != FileSplit.WHOLE_FILE) {
                throw new IllegalArgumentException("the file source for " + path + " reads records with quoted line"
                        + " breaks, which cannot be cut into blocks (a block cannot tell whether it starts inside"
                        + " quotes); remove blockSize(" + size + ")");
            }
            return new FileSource<>(path.toAbsolutePath().normalize().toString(), deserializer, policy, interval,
                    size, quotedLineBreaks);
        }
    }
}
