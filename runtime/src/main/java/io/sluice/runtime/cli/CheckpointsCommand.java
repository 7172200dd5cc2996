package io.sluice.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code sluice checkpoints ID}: a job's checkpoint counts and history. */
@Command(name = "checkpoints", description = "Shows a job's checkpoints and savepoints, newest first.")
final class CheckpointsCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (sluice list).")
    String id;

    @Option(names = "--json", description = "Print the runtime's JSON answer.")
    boolean json;

    @Mixin
    ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    CheckpointsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode checkpoints = client.client(context).get("/api/jobs/" + id + "/checkpoints");
        if (json) {
            context.out().println(RuntimeClient.pretty(checkpoints));
            return FailureCodes.OK;
        }
        JsonNode counts = checkpoints.get("counts");
        context.out().printf("completed %d, failed %d, in progress %d, restarts %d%n", counts.get("completed").asLong(),
                counts.get("failed").asLong(), counts.get("inProgress").asLong(), counts.get("restarts").asLong());
        context.out().printf("%6s  %-10s  %-11s  %-24s  %9s  %12s  %s%n", "ID", "KIND", "STATUS", "TRIGGERED",
                "DURATION", "SIZE", "PATH / FAILURE");
        for (JsonNode c : checkpoints.get("history")) {
            String where = c.hasNonNull("failure") ? c.get("failure").asText() : c.get("path").asText();
            context.out().printf("%6d  %-10s  %-11s  %-24s  %9s  %12d  %s%n", c.get("id").asLong(),
                    c.get("kind").asText(), c.get("status").asText(), c.get("triggerTime").asText(),
                    Durations.format(c.get("durationMs").asLong()), c.get("sizeBytes").asLong(), where);
        }
        return FailureCodes.OK;
    }
}
