package io.sluice.connectors.console;

import io.sluice.api.connector.SinkWriter;

import java.io.PrintStream;

/**
 * Prints the elements of one subtask of a {@link ConsoleSink}. Called only from that subtask's
 * worker thread.
 *
 * <p>Lines collect in a buffer that goes to the stream in one {@code print} call, so the lines of
 * parallel subtasks sharing {@code System.out} (whose {@code print} is synchronized) interleave only
 * as whole blocks of lines, and the stream is flushed once per block rather than once per line.
 */
final class ConsoleSinkWriter<T> implements SinkWriter<T> {

    /** Buffered characters at which the buffer is written out. */
    static final int FLUSH_THRESHOLD_CHARS = 8 * 1024;

    private static final String LINE_SEPARATOR = System.lineSeparator();

    private final PrintStream out;
    private final String linePrefix;
    private final LineFormatter<? super T> formatter;
    private final boolean flushOnEveryLine;
    private final StringBuilder buffer = new StringBuilder(FLUSH_THRESHOLD_CHARS + 256);

    ConsoleSinkWriter(PrintStream out, String linePrefix, LineFormatter<? super T> formatter,
                      boolean flushOnEveryLine) {
        this.out = out;
        this.linePrefix = linePrefix;
        this.formatter = formatter;
        this.flushOnEveryLine = flushOnEveryLine;
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        String text = formatter == null ? String.valueOf(element) : formatter.format(element);
        buffer.append(linePrefix).append(text).append(LINE_SEPARATOR);
        if (flushOnEveryLine || buffer.length() >= FLUSH_THRESHOLD_CHARS) {
            writeOut();
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        writeOut();
    }

    /** Writes what is buffered; leaves the stream open, as it is the process's stdout or stderr. */
    @Override
    public void close() {
        writeOut();
    }

    private void writeOut() {
        if (buffer.length() == 0) {
            return;
        }
        out.print(buffer);
        out.flush();
        buffer.setLength(0);
    }
}
