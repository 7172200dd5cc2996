package io.sluice.api.internal;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

import java.io.PrintStream;

/**
 * The sink of {@code DataStream.print()} and {@code printToErr()}: each element's {@code toString()}
 * on a line of its own, after {@code "3> "} (the subtask, counted from 1) when the sink runs with
 * parallelism above 1, as Flink prints. It lives in the API, which depends on the JDK only, so the
 * shorthands need no connector; the console connector's {@code ConsoleSink} is the configurable
 * one (identifier, formatter, buffering).
 *
 * <p>Each line is written at once with one {@code println}, which {@link PrintStream} makes atomic,
 * so lines of parallel subtasks never mix. The stream is read when a subtask's writer is created,
 * so {@code System.setOut} before the job starts is honoured.
 */
public final class PrintSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final boolean toStdErr;

    public PrintSink(boolean toStdErr) {
        this.toStdErr = toStdErr;
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        PrintStream out = toStdErr ? System.err : System.out;
        String prefix = context.parallelism() > 1 ? (context.subtaskIndex() + 1) + "> " : "";
        return new SinkWriter<>() {
            @Override
            public void write(T element, long timestamp) {
                out.println(prefix.isEmpty() ? String.valueOf(element) : prefix + element);
            }

            @Override
            public void flush(boolean endOfInput) {
                out.flush();
            }
        };
    }

    @Override
    public String toString() {
        return toStdErr ? "PrintSink(stderr)" : "PrintSink(stdout)";
    }
}
