package io.sluice.connectors.console;

import java.io.PrintStream;

/** Which standard stream a {@link ConsoleSink} prints to. */
public enum ConsoleTarget {
    STDOUT,
    STDERR;

    /** The stream as it is now: read when a writer is created, so {@code System.setOut} is honoured. */
    PrintStream stream() {
        return this == STDOUT ? System.out : System.err;
    }
}
