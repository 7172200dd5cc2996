package io.sluice.connectors.files.source;

import io.sluice.api.connector.SourceSplit;

import java.util.ArrayList;
import java.util.List;

/**
 * A file of a {@link FileSource}, whole or one block of it, and how far it has been read.
 * Immutable: a reader makes a new one when it takes a snapshot.
 *
 * <p>A <b>whole file</b> ({@code end == WHOLE_FILE}) is read to its end as it is when the reader
 * gets there, and counts its lines. A <b>block</b> is the byte range {@code [start, end)} of a file
 * larger than the block size, and holds the lines that <em>start</em> in that range: a block that
 * does not start at byte 0 skips the line that began before it (up to and including the first
 * {@code '\n'} at or after {@code start - 1}), and its last line may run past {@code end}. So every
 * line of the file belongs to exactly one block. A block does not know its line numbers: its
 * positions are byte offsets.
 *
 * @param path     the file, absolute
 * @param start    the first byte of the range; 0 for a whole file
 * @param end      the byte after the range, or {@link #WHOLE_FILE}
 * @param offset   the byte offset of the next line to read; {@code start} before the first (a
 *                 block then still has to skip the line that began before it)
 * @param nextLine the number of that line from 1 in a whole file; 0 in a block
 * @param finished the split has been read (a monitoring source keeps finished splits in its
 *                 checkpoints, so that a restore does not read them again)
 */
public record FileSplit(String path, long start, long end, long offset, long nextLine, boolean finished)
        implements SourceSplit {

    /** The {@code end} of a split that is a whole file. */
    public static final long WHOLE_FILE = Long.MAX_VALUE;

    public FileSplit {
        if (start < 0 || end <= start || offset < start) {
            throw new IllegalArgumentException("file split " + path + " must have 0 <= start < end and offset >= start,"
                    + " got start " + start + ", end " + end + ", offset " + offset);
        }
        if (end == WHOLE_FILE ? start != 0 || nextLine < 1 : nextLine != 0) {
            throw new IllegalArgumentException("file split " + path + ": a whole file starts at 0 with a next line >= 1,"
                    + " a block has next line 0; got start " + start + ", end " + end + ", next line " + nextLine);
        }
    }

    /** A whole file at {@code offset}, the start of line {@code nextLine} (as checkpoints of version 1 hold them). */
    public FileSplit(String path, long offset, long nextLine, boolean finished) {
        this(path, 0, WHOLE_FILE, offset, nextLine, finished);
    }

    /** A file not read yet, whole. */
    static FileSplit unread(String path) {
        return new FileSplit(path, 0, 1, false);
    }

    /**
     * The splits of a file of {@code sizeBytes}: the whole file if it is at most {@code blockSize}
     * bytes, else blocks of {@code blockSize} bytes (the last one shorter), none read yet.
     */
    static List<FileSplit> of(String path, long sizeBytes, long blockSize) {
        if (sizeBytes <= blockSize) {
            return List.of(unread(path));
        }
        List<FileSplit> blocks = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, (sizeBytes - 1) / blockSize + 1));
        for (long start = 0, end; start < sizeBytes; start = end) {
            end = start + Math.min(blockSize, sizeBytes - start); // never start + blockSize: it may overflow
            blocks.add(new FileSplit(path, start, end, start, 0, false));
        }
        return blocks;
    }

    /** Whether this split is a block of a file rather than the whole file. */
    public boolean isBlock() {
        return end != WHOLE_FILE;
    }

    /** The path of a whole file; the path, '@' and the first byte of a block. */
    @Override
    public String splitId() {
        return isBlock() ? path + "@" + start : path;
    }

    /** This split with the next line at {@code newOffset}, numbered {@code newNextLine} (0 in a block). */
    FileSplit at(long newOffset, long newNextLine) {
        return new FileSplit(path, start, end, newOffset, newNextLine, false);
    }

    FileSplit asFinished() {
        return new FileSplit(path, start, end, offset, nextLine, true);
    }
}
