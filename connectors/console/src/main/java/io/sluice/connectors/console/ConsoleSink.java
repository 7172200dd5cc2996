package io.sluice.connectors.console;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Prints each element on its own line to stdout or stderr, like Flink's {@code print()}: the
 * element's {@code toString()} or a {@link LineFormatter}'s text, after a prefix that names the
 * subtask ({@code "3> "}, counted from 1) when the sink runs with parallelism above 1, and the
 * sink's identifier when it has one ({@code "orders> "}, {@code "orders:3> "}). Immutable
 * description built on the job-building thread; each subtask's writer runs on its worker thread.
 *
 * <pre>{@code
 * counts.sinkTo(ConsoleSink.<WordCount>stdout().withFormatter(c -> c.word() + " " + c.count()));
 * }</pre>
 *
 * <p>Lines are buffered and written in blocks of whole lines: when 8 KiB are waiting, at
 * {@code flush} and at {@code close}. Lines of parallel subtasks therefore never mix within a line,
 * but a slow stream may show its lines late; {@link #withFlushOnEveryLine()} writes each line at once.
 *
 * @param <T> the element type
 */
public final class ConsoleSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final ConsoleTarget target;
    private final String identifier;
    private final LineFormatter<? super T> formatter;
    private final boolean flushOnEveryLine;

    private ConsoleSink(ConsoleTarget target, String identifier, LineFormatter<? super T> formatter,
                        boolean flushOnEveryLine) {
        this.target = target;
        this.identifier = identifier;
        this.formatter = formatter;
        this.flushOnEveryLine = flushOnEveryLine;
    }

    /** Prints to standard output. */
    public static <T> ConsoleSink<T> stdout() {
        return new ConsoleSink<>(ConsoleTarget.STDOUT, null, null, false);
    }

    /** Prints to standard error. */
    public static <T> ConsoleSink<T> stderr() {
        return new ConsoleSink<>(ConsoleTarget.STDERR, null, null, false);
    }

    /** Prints to {@code target}. */
    public static <T> ConsoleSink<T> to(ConsoleTarget target) {
        return new ConsoleSink<>(Objects.requireNonNull(target, "target"), null, null, false);
    }

    /**
     * This sink, starting each line with {@code identifier> } (or {@code identifier:subtask> } when
     * parallel), to tell several printing sinks apart.
     *
     * @throws IllegalArgumentException if {@code identifier} is empty
     */
    public ConsoleSink<T> withIdentifier(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty()) {
            throw new IllegalArgumentException("the console sink identifier must not be empty, got \"\";"
                    + " pass a name such as \"orders\", or do not call withIdentifier for no prefix");
        }
        return new ConsoleSink<>(target, identifier, formatter, flushOnEveryLine);
    }

    /** This sink, printing {@code formatter.format(element)} instead of {@code element.toString()}. */
    public ConsoleSink<T> withFormatter(LineFormatter<? super T> formatter) {
        return new ConsoleSink<>(target, identifier, Objects.requireNonNull(formatter, "formatter"),
                flushOnEveryLine);
    }

    /** This sink, writing each line to the stream at once: for slow streams that must show up promptly. */
    public ConsoleSink<T> withFlushOnEveryLine() {
        return new ConsoleSink<>(target, identifier, formatter, true);
    }

    public ConsoleTarget target() {
        return target;
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        return createWriter(context, target.stream());
    }

    /** The writer of one subtask, printing to {@code out}: the seam tests use to capture the output. */
    SinkWriter<T> createWriter(SinkContext context, PrintStream out) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(out, "out");
        return new ConsoleSinkWriter<>(out, linePrefix(context), formatter, flushOnEveryLine);
    }

    private String linePrefix(SinkContext context) {
        boolean parallel = context.parallelism() > 1;
        String subtask = String.valueOf(context.subtaskIndex() + 1);
        if (identifier == null) {
            return parallel ? subtask + "> " : "";
        }
        return parallel ? identifier + ":" + subtask + "> " : identifier + "> ";
    }

    @Override
    public String toString() {
        return "ConsoleSink(" + target + (identifier == null ? "" : ", " + identifier) + ")";
    }
}
