package io.sluice.connectors.files;

import io.sluice.api.connector.TwoPhaseCommitSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/**
 * Writes the lines of one subtask of a {@link TwoPhaseCommitFileSink}. Called only from that
 * subtask's worker thread.
 *
 * <p>Lines go to the hidden in-progress file {@code .<prefix>-<subtask>-<writer id>-<part>.inprogress},
 * opened when the first line of a part arrives (so no part is ever empty). {@link #prepareCommit()}
 * flushes, fsyncs and closes it; from then on it is a <em>pending</em> file that only the committer
 * touches. The writer id is random per writer instance, so names never repeat across subtasks,
 * attempts and restarts, and a restored pending file can never collide with a new part.
 *
 * <p>The writes block the worker for as long as the file system takes (an fsync per part at each
 * checkpoint): fine for local disks, not meant for slow remote file systems.
 */
final class FileSinkWriter<T> implements TwoPhaseCommitSink.PrecommittingWriter<T, FileCommittable> {

    static final String IN_PROGRESS_SUFFIX = ".inprogress";
    private static final int BUFFER_CHARS = 64 * 1024;

    private final Path directory;
    private final LineEncoder<? super T> encoder;
    private final String namePrefix;

    private long nextPart;
    /** The open part, or null between a prepareCommit and the next record. */
    private Path inProgress;
    private String finalName;
    private FileChannel channel;
    private Writer out;

    FileSinkWriter(Path directory, String partPrefix, int subtaskIndex, String writerId, LineEncoder<? super T> encoder) {
        this.directory = directory;
        this.encoder = encoder;
        this.namePrefix = partPrefix + "-" + subtaskIndex + "-" + writerId + "-";
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        String line = encoder.encode(element);
        if (line == null) {
            throw new IllegalArgumentException("the line encoder of the file sink for " + directory
                    + " returned null for " + element + "; return the line's text (\"\" for an empty line)");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("the line encoder of the file sink for " + directory
                        + " returned a line break at index " + i + " for " + element
                        + "; each record is one line: escape or replace line breaks in the encoder");
            }
        }
        if (out == null) {
            openPart();
        }
        out.write(line);
        out.write('\n');
    }

    private void openPart() throws IOException {
        long part = nextPart++;
        finalName = namePrefix + part;
        inProgress = directory.resolve("." + finalName + IN_PROGRESS_SUFFIX);
        channel = FileChannel.open(inProgress, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                BUFFER_CHARS);
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
        if (out == null) {
            return List.of();
        }
        out.flush();
        channel.force(true);
        out.close(); // closes the channel
        // the pending file's directory entry must outlive a power loss too: a complete checkpoint names it
        Fsync.directory(directory);
        FileCommittable committable = new FileCommittable(inProgress.getFileName().toString(), finalName);
        out = null;
        channel = null;
        inProgress = null;
        finalName = null;
        return List.of(committable);
    }

    /**
     * Discards the part being written: its lines were never pre-committed, so no checkpoint refers
     * to them. Pending files (pre-committed parts) are left for the committer.
     */
    @Override
    public void close() throws IOException {
        if (out == null) {
            return;
        }
        Writer open = out;
        Path discarded = inProgress;
        out = null;
        channel = null;
        inProgress = null;
        finalName = null;
        try {
            open.close();
        } finally {
            Files.deleteIfExists(discarded);
        }
    }
}
