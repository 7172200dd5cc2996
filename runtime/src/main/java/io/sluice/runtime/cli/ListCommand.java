package io.sluice.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code sluice list}: the runtime's jobs, one per line. */
@Command(name = "list", description = "Lists the runtime's jobs: id, state, uptime, restarts, name.")
final class ListCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--json", description = "Print the runtime's JSON answer.")
    boolean json;

    @Mixin
    ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode jobs = client.client(context).get("/api/jobs");
        if (json) {
            context.out().println(RuntimeClient.pretty(jobs));
            return FailureCodes.OK;
        }
        context.out().printf("%-16s  %-11s  %12s  %8s  %s%n", "ID", "STATE", "UPTIME", "RESTARTS", "NAME");
        for (JsonNode job : jobs) {
            context.out().printf("%-16s  %-11s  %12s  %8d  %s%n", job.get("id").asText(), job.get("state").asText(),
                    Durations.format(job.get("uptimeMs").asLong()), job.get("restarts").asLong(),
                    job.get("name").asText());
        }
        return FailureCodes.OK;
    }
}
