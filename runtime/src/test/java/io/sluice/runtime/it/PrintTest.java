package io.sluice.runtime.it;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Partitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** print() and printToErr(): every line, exactly. */
class PrintTest {

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void shouldPrintEachElementOnALineWithoutPrefixWhenNotParallel() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromElements("to", "be", "or", "not").map(String::toUpperCase).print();
        env.execute("print");

        assertThat(lines(out)).containsExactly("TO", "BE", "OR", "NOT");
        assertThat(printedLines(err)).isEmpty();
    }

    @Test
    void shouldPrefixEachLineWithTheSubtaskFromOneWhenParallel() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        Partitioner<Long> byRemainder = (key, n) -> (int) (key % n);
        env.fromSequence(1, 30).partitionCustom(byRemainder, x -> x).print();
        env.execute("print-parallel");

        List<String> expected = new ArrayList<>();
        for (long x = 1; x <= 30; x++) {
            expected.add((x % 3 + 1) + "> " + x);
        }
        assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldPrintToStandardErrorWithPrintToErr() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromElements(3L, 1L, 2L).printToErr();
        env.execute("print-to-err");

        assertThat(printedLines(err)).containsExactly("3", "1", "2");
        assertThat(lines(out)).isEmpty();
    }

    @Test
    void shouldNameThePrintingSinks() {
        StreamEnvironment env = StreamEnvironment.create();
        assertThat(env.fromElements(1).print().transformation().name()).isEqualTo("print");
        assertThat(env.fromElements(1).printToErr().transformation().name()).isEqualTo("print-to-err");
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
    }

    /** Standard error without the lines of the logger (slf4j-simple writes there, each line starting with '['). */
    private static List<String> printedLines(ByteArrayOutputStream bytes) {
        return lines(bytes).stream().filter(l -> !l.startsWith("[")).toList();
    }
}
