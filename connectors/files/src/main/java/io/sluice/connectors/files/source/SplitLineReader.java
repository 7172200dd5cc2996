package io.sluice.connectors.files.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads the lines of one {@link FileSplit} from its file, from the split's offset on, by the rule
 * {@link FileSplit} states: a block that has not read a line yet first skips the line that began
 * before it, and a line is read only if it starts before the split's end (it may end after it). A
 * line ends at {@code '\n'}, which is not part of it, nor is a {@code '\r'} right before it; a last
 * line without a line break counts too, but nothing after a final {@code '\n'} does. Lines are
 * bytes: a multi-byte UTF-8 character never holds the byte {@code '\n'}, so a boundary inside one
 * cuts no line wrong.
 *
 * <p>With quoted line breaks, a {@code '\n'} inside double quotes does not end the line (a CSV
 * record of RFC 4180 whose quoted field holds a line break): every {@code '"'} opens or closes
 * quotes, which also reads a doubled quote right. Such a record counts as as many lines as it spans.
 *
 * <p>Used by one thread (the fetcher's); it owns neither the channel nor the buffer, which the
 * fetcher reuses for split after split.
 */
final class SplitLineReader {

    private final FileChannel channel;
    private final FileSplit split;
    private final boolean quotedLineBreaks;
    private final ByteBuffer buffer;
    private boolean started;
    private boolean endOfFile;
    /** The offset in the file of the buffer's next byte. */
    private long filePosition;

    /** Where the next line starts, and its number (0 in a block). */
    private long nextOffset;
    private long nextLine;

    /** The line just read. */
    private byte[] line = new byte[256];
    private int length;
    private long lineStart;
    private long lineNumber;

    SplitLineReader(FileChannel channel, FileSplit split, boolean quotedLineBreaks, ByteBuffer buffer) {
        if (quotedLineBreaks && split.isBlock()) { // invariant: FileSource never cuts such files
            throw new IllegalArgumentException("file split " + split.splitId() + " is a block, but records with quoted"
                    + " line breaks can only be read from whole files");
        }
        this.channel = channel;
        this.split = split;
        this.quotedLineBreaks = quotedLineBreaks;
        this.buffer = buffer.clear().flip(); // empty: the first read fills it
        this.nextOffset = split.offset();
        this.nextLine = split.nextLine();
    }

    /**
     * Reads the next line of the split.
     *
     * @return false when the split has no more lines (its next line starts at or after its end, or
     *         the file ends)
     */
    boolean next() throws IOException {
        if (!started) {
            started = true;
            seekToFirstLine();
        }
        if (nextOffset >= split.end()) {
            return false; // the next line starts in the next block
        }
        length = 0;
        boolean inQuotes = false;
        int quotedBreaks = 0;
        boolean lineBreak = false;
        int b;
        while ((b = read()) >= 0) {
            if (b == '\n' && !inQuotes) {
                lineBreak = true;
                break;
            }
            if (quotedLineBreaks) {
                if (b == '"') {
                    inQuotes = !inQuotes;
                } else if (b == '\n') {
                    quotedBreaks++;
                }
            }
            append((byte) b);
        }
        if (!lineBreak && length == 0) {
            return false; // the end of the file: no line starts here
        }
        lineStart = nextOffset;
        lineNumber = nextLine;
        nextOffset = filePosition;
        if (!split.isBlock()) {
            nextLine += 1 + quotedBreaks;
        }
        return true;
    }

    /** The line just read, without its line break, in an array of its own. */
    byte[] lineBytes() {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return Arrays.copyOf(line, n);
    }

    /** The byte offset at which the line just read starts. */
    long lineStart() {
        return lineStart;
    }

    /** The number of the line just read, from 1; 0 in a block. */
    long lineNumber() {
        return lineNumber;
    }

    /** The byte offset at which the next line starts (after the last line: where reading stopped). */
    long nextOffset() {
        return nextOffset;
    }

    /** The number of the next line; 0 in a block. */
    long nextLine() {
        return nextLine;
    }

    /**
     * A block that has not read a line yet (its offset still at its start) skips up to and including
     * the first '\n' at or after {@code start - 1}: that line began in the block before. Starting at
     * {@code start - 1} rather than {@code start} keeps a line that starts exactly at {@code start}.
     * Idempotent, so a block restored before its first line skips the same bytes again.
     */
    private void seekToFirstLine() throws IOException {
        long from = split.offset();
        if (split.isBlock() && from == split.start() && from > 0) {
            position(from - 1);
            int b;
            do {
                b = read();
            } while (b >= 0 && b != '\n');
            nextOffset = filePosition;
        } else {
            position(from);
        }
    }

    private void position(long offset) throws IOException {
        channel.position(offset);
        filePosition = offset;
    }

    /** The next byte of the file (0 to 255), or -1 at its end. */
    private int read() throws IOException {
        while (!buffer.hasRemaining()) {
            if (endOfFile) {
                return -1;
            }
            buffer.clear();
            endOfFile = channel.read(buffer) < 0;
            buffer.flip();
        }
        filePosition++;
        return buffer.get() & 0xFF;
    }

    private void append(byte b) {
        if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = b;
    }
}
