package io.sluice.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sluice stop ID --savepoint DIR}: takes a savepoint, then cancels the job, nothing in between. */
@Command(name = "stop", description = {"Stops a job with a savepoint: no checkpoint comes between the savepoint and"
        + " the end, so a job started from it (sluice submit --from-savepoint) continues exactly.",
    "If the savepoint fails the job keeps running."})
final class StopCommand implements java.util.concurrent.Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (sluice list).")
    String id;

    @Option(names = "--savepoint", paramLabel = "DIR",
            description = "A new, empty directory for the savepoint (default: under the runtime's data directory).")
    Path directory;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to wait for it (default ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    StopCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        return SavepointWait.request(context, client.client(context), id, "stop", directory, timeout);
    }
}
