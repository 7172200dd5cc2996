package io.sluice.connectors.console;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleSinkTest {

    private static final String NL = System.lineSeparator();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, false, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintEachElementOnItsOwnLineWithoutPrefixWhenNotParallel() throws Exception {
        SinkWriter<Object> writer = ConsoleSink.stdout().createWriter(context(0, 1), stream);

        writer.write("alpha", 1L);
        writer.write(42, Long.MIN_VALUE);
        writer.write(null, 3L);
        writer.flush(false);

        assertThat(printed()).isEqualTo("alpha" + NL + "42" + NL + "null" + NL);
    }

    @Test
    void shouldPrefixLinesWithTheSubtaskCountedFromOneWhenParallel() throws Exception {
        SinkWriter<String> writer = ConsoleSink.<String>stdout().createWriter(context(2, 4), stream);

        writer.write("a", 0L);
        writer.write("b", 0L);
        writer.close();

        assertThat(printed()).isEqualTo("3> a" + NL + "3> b" + NL);
    }

    @Test
    void shouldPrefixLinesWithTheIdentifierAndTheSubtaskWhenParallel() throws Exception {
        ConsoleSink<String> sink = ConsoleSink.<String>stdout().withIdentifier("orders");
        ByteArrayOutputStream otherBytes = new ByteArrayOutputStream();
        PrintStream other = new PrintStream(otherBytes, false, StandardCharsets.UTF_8);

        SinkWriter<String> single = sink.createWriter(context(0, 1), stream);
        SinkWriter<String> parallel = sink.createWriter(context(0, 2), other);
        single.write("x", 0L);
        parallel.write("y", 0L);
        single.close();
        parallel.close();

        assertThat(printed()).isEqualTo("orders> x" + NL);
        assertThat(otherBytes.toString(StandardCharsets.UTF_8)).isEqualTo("orders:1> y" + NL);
    }

    @Test
    void shouldPrintTheFormattersTextInsteadOfToString() throws Exception {
        ConsoleSink<Point> sink = ConsoleSink.<Point>stdout().withFormatter(p -> "(" + p.x() + "," + p.y() + ")");
        SinkWriter<Point> writer = sink.createWriter(context(1, 2), stream);

        writer.write(new Point(1, 2), 0L);
        writer.close();

        assertThat(printed()).isEqualTo("2> (1,2)" + NL);
    }

    @Test
    void shouldHoldLinesUntilFlushed() throws Exception {
        SinkWriter<String> writer = ConsoleSink.<String>stdout().createWriter(context(0, 1), stream);

        writer.write("held", 0L);
        assertThat(printed()).isEmpty();
        writer.flush(false);
        assertThat(printed()).isEqualTo("held" + NL);
        writer.flush(true);
        assertThat(printed()).isEqualTo("held" + NL);
    }

    @Test
    void shouldWriteOutWhenEightKibAreBufferedAndOnlyWholeLines() throws Exception {
        SinkWriter<String> writer = ConsoleSink.<String>stdout().createWriter(context(0, 1), stream);
        String line = "x".repeat(99);
        int lineChars = line.length() + NL.length();
        int linesBelowThreshold = (ConsoleSinkWriter.FLUSH_THRESHOLD_CHARS - 1) / lineChars;

        for (int i = 0; i < linesBelowThreshold; i++) {
            writer.write(line, 0L);
        }
        assertThat(printed()).isEmpty();
        writer.write(line, 0L);

        assertThat(printed()).isEqualTo((line + NL).repeat(linesBelowThreshold + 1));
    }

    @Test
    void shouldWriteEachLineAtOnceWhenAskedTo() throws Exception {
        SinkWriter<String> writer = ConsoleSink.<String>stdout().withFlushOnEveryLine()
                .createWriter(context(0, 1), stream);

        writer.write("now", 0L);

        assertThat(printed()).isEqualTo("now" + NL);
    }

    @Test
    void shouldWriteWhatIsBufferedOnCloseAndLeaveTheStreamOpen() throws Exception {
        SinkWriter<String> writer = ConsoleSink.<String>stdout().createWriter(context(0, 1), stream);
        writer.write("last", 0L);

        writer.close();
        stream.print("still open");
        stream.flush();

        assertThat(printed()).isEqualTo("last" + NL + "still open");
        assertThat(stream.checkError()).isFalse();
    }

    @Test
    void shouldPrintToTheStandardStreamOfItsTarget() throws Exception {
        PrintStream original = System.err;
        System.setErr(stream);
        try {
            SinkWriter<String> writer = ConsoleSink.<String>stderr().createWriter(context(0, 1));
            writer.write("to stderr", 0L);
            writer.close();
        } finally {
            System.setErr(original);
        }

        assertThat(printed()).isEqualTo("to stderr" + NL);
        assertThat(ConsoleSink.stdout().target()).isEqualTo(ConsoleTarget.STDOUT);
        assertThat(ConsoleSink.to(ConsoleTarget.STDERR).target()).isEqualTo(ConsoleTarget.STDERR);
    }

    @Test
    void shouldSurviveJavaSerializationAsTheRuntimeCopiesSinks() throws Exception {
        ConsoleSink<Point> sink = ConsoleSink.<Point>stderr().withIdentifier("pts").withFormatter(p -> "x=" + p.x());

        ConsoleSink<Point> copy = javaCopy(sink);
        SinkWriter<Point> writer = copy.createWriter(context(0, 1), stream);
        writer.write(new Point(7, 0), 0L);
        writer.close();

        assertThat(copy.target()).isEqualTo(ConsoleTarget.STDERR);
        assertThat(printed()).isEqualTo("pts> x=7" + NL);
    }

    @Test
    void shouldRefuseAnEmptyIdentifierNamingTheFix() {
        assertThatThrownBy(() -> ConsoleSink.stdout().withIdentifier(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty")
                .hasMessageContaining("do not call withIdentifier");
    }

    record Point(int x, int y) {
    }

    private static SinkContext context(int subtaskIndex, int parallelism) {
        return SinkContext.of(subtaskIndex, parallelism, "print", "0123456789abcdef");
    }

    @SuppressWarnings("unchecked")
    private static <X> X javaCopy(X object) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            return (X) in.readObject();
        }
    }
}
