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
import java.util.List;

/**
 * Writes the lines of one subtask of a {@link TwoPhaseCommitFileSink}. Called only from that
 * subtask's worker thread.
 *
 * <p>Lines go to the hidden in-progress file {@code .<prefix>-<subtask>-<writer id>-<part>.inprogress},
 * opened when the first line of a part arrives (so no part is ever empty). A part is closed (flushed,
 * fsynced) when the {@link RollingPolicy} says so, and at the latest by {@link #prepareCommit()} at a
 * barrier, which returns every part closed since the last barrier; from then on they are
 * <em>pending</em> files that only the committer touches. The writer id is the job's lineage and a
 * random part per writer instance, so names never repeat across subtasks, attempts and restarts, and
 * a restored pending file can never collide with a new part.
 *
 * <p>The writes block the worker for as long as the file system takes (an fsync per part): fine for
 * local disks, not meant for slow remote file systems.
 */
final class FileSinkWriter<T> implements TwoPhaseCommitSink.PrecommittingWriter<T, FileCommittable> {

    static final String IN_PROGRESS_SUFFIX = ".inprogress";
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path directory;
    private final LineBytes<? super T> encoder;
    private final String namePrefix;
    private final RollingPolicy rolling;

    private long nextPart;
    /** The open part, or null between parts. */
    private Path inProgress;
    private String finalName;
    private FileChannel channel;
    private OutputStream out;
    private long partBytes;
    private long partOpenedMs;
    /** Parts closed by the rolling policy since the last barrier: committed with the next checkpoint. */
    private final List<FileCommittable> closed = new ArrayList<>();

    FileSinkWriter(Path directory, String partPrefix, int subtaskIndex, String writerId, LineBytes<? super T> encoder,
                   RollingPolicy rolling) {
        this.directory = directory;
        this.encoder = encoder;
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
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\n' || line[i] == '\r') {
                throw new IllegalArgumentException("the encoder of the file sink for " + directory
                        + " returned a line break at byte " + i + " for " + element
                        + "; each record is one line: escape or replace line breaks in the encoder");
            }
        }
        if (out != null && rolling.shouldRoll(partBytes, partOpenedMs, System.currentTimeMillis())) {
            closed.add(closePart());
        }
        if (out == null) {
            openPart();
        }
        out.write(line);
        out.write('\n');
        partBytes += line.length + 1;
    }

    private void openPart() throws IOException {
        long part = nextPart++;
        finalName = namePrefix + part;
        inProgress = directory.resolve("." + finalName + IN_PROGRESS_SUFFIX);
        channel = FileChannel.open(inProgress, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        partBytes = 0;
        partOpenedMs = System.currentTimeMillis();
    }

    /** Flushes, fsyncs and closes the open part: it is pending from now on. */
    private FileCommittable closePart() throws IOException {
        out.flush();
        channel.force(true);
        out.close(); // closes the channel
        FileCommittable committable = new FileCommittable(inProgress.getFileName().toString(), finalName);
        out = null;
        channel = null;
        inProgress = null;
        finalName = null;
        return committable;
    }

    /** Hands buffered lines to the operating system; durability comes with {@link #prepareCommit()}. */
    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public Collection<FileCommittable> prepareCommit() throws IOException {
        if (out != null) {
            closed.add(closePart());
        }
        if (closed.isEmpty()) {
            return List.of();
        }
        // the pending files' directory entries must outlive a power loss too: a complete checkpoint names them
        Fsync.directory(directory);
        List<FileCommittable> committables = List.copyOf(closed);
        closed.clear();
        return committables;
    }

    /**
     * Discards the part being written: its lines were never pre-committed, so no checkpoint refers
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
        if (out != null) {
            OutputStream open = out;
            discard.add(inProgress);
            out = null;
            channel = null;
            inProgress = null;
            finalName = null;
            open.close();
        }
        for (Path p : discard) {
            Files.deleteIfExists(p);
        }
    }
}
