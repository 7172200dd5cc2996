package io.sluice.connectors.files.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reads the lines of a reader's splits on a thread of its own (file reads block; a worker never
 * does) and hands them over through a bounded queue: when the reader is back-pressured the queue
 * fills and this thread waits, so memory stays bounded. Splits are read one after the other, each
 * from its position, by a {@link SplitLineReader}. After a split's last line comes an {@link End};
 * a read error comes as a {@link Failure} and ends the thread.
 */
final class LineFetcher implements Runnable {

    /** What the fetcher hands over. */
    sealed interface Fetched permits Line, End, Failure {
    }

    /**
     * One line: its bytes; its position for messages (its number in a whole file, the byte offset
     * where it starts in a block); and the position of the line after it.
     */
    record Line(String splitId, byte[] bytes, long position, long nextOffset, long nextLine) implements Fetched {
    }

    /** The split {@code splitId} has been read to its end. */
    record End(String splitId, long offset, long nextLine) implements Fetched {
    }

    /** The file could not be read. */
    record Failure(String splitId, IOException cause) implements Fetched {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final BlockingQueue<FileSplit> toRead = new LinkedBlockingQueue<>();
    private final BlockingQueue<Fetched> out;
    private final boolean quotedLineBreaks;
    /** Read into by every split in turn: only the fetcher's thread touches it. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final Thread thread;

    LineFetcher(String name, int capacity, boolean quotedLineBreaks) {
        this.out = new ArrayBlockingQueue<>(capacity);
        this.quotedLineBreaks = quotedLineBreaks;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Any thread: reads {@code split} after the ones given before. */
    void read(FileSplit split) {
        toRead.add(split);
    }

    /** The reader's thread: the next line, end or failure, or null when nothing is there yet. */
    Fetched poll() {
        return out.poll();
    }

    /** Stops the thread (the reader closes); lines not taken are dropped. */
    void stop() {
        thread.interrupt();
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                readSplit(toRead.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the reader closed
        }
    }

    private void readSplit(FileSplit split) throws InterruptedException {
        String id = split.splitId();
        try (FileChannel channel = FileChannel.open(Path.of(split.path()), StandardOpenOption.READ)) {
            SplitLineReader lines = new SplitLineReader(channel, split, quotedLineBreaks, buffer);
            while (lines.next()) {
                long position = split.isBlock() ? lines.lineStart() : lines.lineNumber();
                out.put(new Line(id, lines.lineBytes(), position, lines.nextOffset(), lines.nextLine()));
            }
            out.put(new End(id, lines.nextOffset(), lines.nextLine()));
        } catch (IOException e) {
            out.put(new Failure(id, e));
            Thread.currentThread().interrupt(); // nothing more is read: the job fails
        }
    }
}
