package io.sluice.connectors.files.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reads the lines of a reader's files on a thread of its own (file reads block; a worker never
 * does) and hands them over through a bounded queue: when the reader is back-pressured the queue
 * fills and this thread waits, so memory stays bounded. Files are read one after the other, each
 * from the position of its split; a line ends at '\n' (a '\r' before it is dropped), and a last line
 * without one counts too. After a file's last line comes an {@link End}; a read error comes as a
 * {@link Failure} and ends the thread.
 */
final class LineFetcher implements Runnable {

    /** What the fetcher hands over. */
    sealed interface Fetched permits Line, End, Failure {
    }

    /** One line: its bytes, its number, and the offset just after it. */
    record Line(String splitId, byte[] bytes, long lineNumber, long nextOffset) implements Fetched {
    }

    /** The file of {@code splitId} has been read to its end. */
    record End(String splitId, long offset, long nextLine) implements Fetched {
    }

    /** The file could not be read. */
    record Failure(String splitId, IOException cause) implements Fetched {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final BlockingQueue<FileSplit> toRead = new LinkedBlockingQueue<>();
    private final BlockingQueue<Fetched> out;
    private final Thread thread;

    LineFetcher(String name, int capacity) {
        this.out = new ArrayBlockingQueue<>(capacity);
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
                readFile(toRead.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the reader closed
        }
    }

    private void readFile(FileSplit split) throws InterruptedException {
        long offset = split.offset();
        long lineNumber = split.nextLine();
        try (FileChannel channel = FileChannel.open(Path.of(split.path()), StandardOpenOption.READ)) {
            channel.position(offset);
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            byte[] line = new byte[256];
            int length = 0;
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    offset++;
                    if (b == '\n') {
                        out.put(new Line(split.splitId(), lineBytes(line, length), lineNumber++, offset));
                        length = 0;
                    } else {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[length++] = b;
                    }
                }
                buffer.clear();
            }
            if (length > 0) { // a last line without a line break
                out.put(new Line(split.splitId(), lineBytes(line, length), lineNumber++, offset));
            }
            out.put(new End(split.splitId(), offset, lineNumber));
        } catch (IOException e) {
            out.put(new Failure(split.splitId(), e));
            Thread.currentThread().interrupt(); // nothing more is read: the job fails
        }
    }

    private static byte[] lineBytes(byte[] line, int length) {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return Arrays.copyOf(line, n);
    }
}
