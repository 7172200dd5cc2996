package io.sluice.connectors.files;

import io.sluice.api.connector.TwoPhaseCommitSink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the lines of one subtask of a {@link TwoPhaseCommitFileSink}. Called only from that
 * subtask's worker thread.
 *
 * <p>Lines go to the hidden in-progress file {@code .<prefix>-<subtask>-<writer id>-<part>.inprogress}
 * of their bucket's directory (the sink's directory without buckets), opened when the first line of
 * a part arrives (so no part is ever empty) and started with the encoder's header line, if it has
 * one (so every part can be read alone). A part is closed (flushed, fsynced) when the
 * {@link RollingPolicy} says so, and at the latest by {@link #prepareCommit()} at a barrier, which
 * returns every part closed since the last barrier; from then on they are <em>pending</em> files
 * that only the committer touches. The writer id is the job's lineage and a random part per writer
 * instance, so names never repeat across subtasks, attempts and restarts.
 *
 * <p>The writes block the worker for as long as the file system takes (an fsync per part): fine for
 * local disks, not meant for slow remote file systems.
 */
final class FileSinkWriter<T> implements TwoPhaseCommitSink.PrecommittingWriter<T, FileCommittable> {

    static final String IN_PROGRESS_SUFFIX = ".inprogress";
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path directory;
    private final LineBytes<? super T> encoder;
    /** The encoder's header line, or null. */
    private final byte[] header;
    private final BucketAssigner<? super T> buckets;
    private final String namePrefix;
    private final RollingPolicy rolling;

    private long nextPart;
    /** The open part of each bucket ("" without buckets). */
    private final Map<String, Part> open = new HashMap<>();
    /** Parts closed by the rolling policy since the last barrier: committed with the next checkpoint. */
    private final List<FileCommittable> closed = new ArrayList<>();
    /** Bucket directories this writer has made, made durable at the next barrier. */
    private final List<Path> newDirectories = new ArrayList<>();

    /** A part being written. */
    private final class Part {
        final String bucket;
        final Path inProgress;
        final String finalName;
        final FileChannel channel;
        final OutputStream out;
        final long openedMs = System.currentTimeMillis();
        long bytes;

        Part(String bucket) throws IOException {
            this.bucket = bucket;
            Path dir = bucket.isEmpty() ? directory : directory.resolve(bucket);
            if (!bucket.isEmpty() && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                newDirectories.add(dir);
            }
            this.finalName = namePrefix + nextPart++;
            this.inProgress = dir.resolve("." + finalName + IN_PROGRESS_SUFFIX);
            this.channel = FileChannel.open(inProgress, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
            if (header != null) {
                out.write(header);
                out.write('\n');
                bytes = header.length + 1;
            }
        }

        /** Flushes, fsyncs and closes the part: it is pending from now on. */
        FileCommittable close() throws IOException {
            out.flush();
            channel.force(true);
            out.close(); // closes the channel
            String prefix = bucket.isEmpty() ? "" : bucket + "/";
            return new FileCommittable(prefix + inProgress.getFileName(), prefix + finalName);
        }
    }

    FileSinkWriter(Path directory, String partPrefix, int subtaskIndex, String writerId, LineBytes<? super T> encoder,
                   BucketAssigner<? super T> buckets, RollingPolicy rolling) {
        this.directory = directory;
        this.encoder = encoder;
        this.header = encoder.header();
        String problem = header == null ? null : LineBreaks.problem(header, encoder.quotedLineBreaks());
        if (problem != null) {
            throw new IllegalArgumentException("the header line of the file sink for " + directory + " holds "
                    + problem + "; a header is one line");
        }
        this.buckets = buckets;
        this.namePrefix = partPrefix + "-" + subtaskIndex + "-" + writerId + "-";
        this.rolling = rolling;
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        byte[] line = encoder.encode(element);
        if (line == null) {
            throw new IllegalArgumentException("the encoder of the file sink for " + directory
                    + " returned null for " + element + "; return the line's text (\"\" for an empty line)");
        }
        String problem = LineBreaks.problem(line, encoder.quotedLineBreaks());
        if (problem != null) {
            throw new IllegalArgumentException("the encoder of the file sink for " + directory + " returned " + problem
                    + " for " + element + "; each record is one line" + (encoder.quotedLineBreaks()
                    ? ", with line breaks only inside quoted fields" : ": escape or replace line breaks in the encoder"));
        }
        String bucket = buckets == null ? "" : buckets.bucketOf(element);
        Part part = open.get(bucket);
        if (part != null && rolling.shouldRoll(part.bytes, part.openedMs, System.currentTimeMillis())) {
            closed.add(part.close());
            open.remove(bucket);
            part = null;
        }
        if (part == null) {
            if (buckets != null) {
                checkBucket(bucket, element);
            }
            part = new Part(bucket);
            open.put(bucket, part);
        }
        part.out.write(line);
        part.out.write('\n');
        part.bytes += line.length + 1;
    }

    private void checkBucket(String bucket, T element) {
        boolean ok = FileCommittable.isRelativePath(bucket);
        if (ok) {
            for (String component : bucket.split("/")) {
                if (component.startsWith(".") || component.startsWith("_")) {
                    ok = false; // readers skip hidden and '_' directories
                    break;
                }
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("the bucket assigner of the file sink for " + directory + " returned '"
                    + bucket + "' for " + element + "; a bucket is a relative directory: names separated by '/', none"
                    + " empty, '..', or starting with '.' or '_' (readers skip those)");
        }
    }

    /** Hands buffered lines to the operating system; durability comes with {@link #prepareCommit()}. */
    @Override
    public void flush(boolean endOfInput) throws IOException {
        for (Part p : open.values()) {
            p.out.flush();
        }
    }

    @Override
    public Collection<FileCommittable> prepareCommit() throws IOException {
        for (Part p : open.values()) {
            closed.add(p.close());
        }
        open.clear();
        if (closed.isEmpty()) {
            return List.of();
        }
        // the pending files' directory entries must outlive a power loss too: a complete checkpoint names them
        java.util.Set<Path> dirs = new java.util.LinkedHashSet<>(newDirectories);
        for (FileCommittable c : closed) {
            dirs.add(directory.resolve(c.pendingFile()).getParent());
        }
        for (Path dir : newDirectories) {
            dirs.add(dir.getParent()); // a new bucket's own entry
        }
        for (Path dir : dirs) {
            Fsync.directory(dir);
        }
        newDirectories.clear();
        List<FileCommittable> committables = List.copyOf(closed);
        closed.clear();
        return committables;
    }

    /**
     * Discards the parts being written: their lines were never pre-committed, so no checkpoint refers
     * to them; nor to parts the rolling policy closed since the last barrier. Pending files of
     * earlier barriers are left for the committer.
     */
    @Override
    public void close() throws IOException {
        List<Path> discard = new ArrayList<>();
        for (FileCommittable c : closed) {
            discard.add(directory.resolve(c.pendingFile()));
        }
        closed.clear();
        IOException failure = null;
        for (Part p : open.values()) {
            discard.add(p.inProgress);
            try {
                p.out.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        open.clear();
        for (Path p : discard) {
            Files.deleteIfExists(p);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
