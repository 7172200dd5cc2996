package io.sluice.examples.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Replaces {@code System.out} until closed, keeping what is printed. Tests run one at a time in the JVM. */
public final class CapturedStdout implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public CapturedStdout() {
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<String> lines() {
        String text = text();
        return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
