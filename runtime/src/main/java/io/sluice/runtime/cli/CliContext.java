package io.sluice.runtime.cli;

import java.io.PrintStream;
import java.util.Map;

/** Where a command prints, and the environment it reads (SLUICE_RUNTIME, SLUICE_TOKEN, SLUICE_CONF). */
record CliContext(PrintStream out, PrintStream err, Map<String, String> env) {
}
