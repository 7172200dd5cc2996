package io.sluice.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code sluice cancel ID}: stops a job without a savepoint; the runtime forgets to resume it. */
@Command(name = "cancel", description = "Cancels a job (no savepoint; 'sluice stop' takes one first).")
final class CancelCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (sluice list).")
    String id;

    @Mixin
    ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    CancelCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        client.client(context).post("/api/jobs/" + id + "/cancel", null);
        context.err().println("sluice: cancelling job " + id);
        return FailureCodes.OK;
    }
}
