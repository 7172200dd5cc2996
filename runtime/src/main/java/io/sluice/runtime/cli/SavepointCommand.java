package io.sluice.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sluice savepoint ID [DIR]}: takes a savepoint of a running job and waits for it. */
@Command(name = "savepoint", description = {"Takes a savepoint of a running job and prints its directory once it"
        + " is complete.", "Without DIR it goes under the runtime's data directory."})
final class SavepointCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (sluice list).")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "A new, empty directory for it.")
    Path directory;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to wait for it (default ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    SavepointCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        return SavepointWait.request(context, client.client(context), id, "savepoints", directory, timeout);
    }
}
