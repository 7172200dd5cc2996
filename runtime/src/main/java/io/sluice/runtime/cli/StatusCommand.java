package io.sluice.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code sluice status ID}: one job's state, times, restarts, last failure and operators. */
@Command(name = "status", description = "Shows a job: state, start, uptime, restarts, last failure, operators.")
final class StatusCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (sluice list).")
    String id;

    @Option(names = "--json", description = "Print the runtime's JSON answer.")
    boolean json;

    @Option(names = "--stack-trace", description = "Print the last failure's stack trace.")
    boolean stackTrace;

    @Mixin
    ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RuntimeClient runtime = client.client(context);
        JsonNode job = runtime.get("/api/jobs/" + id);
        if (json) {
            context.out().println(RuntimeClient.pretty(job));
            return FailureCodes.OK;
        }
        var out = context.out();
        out.println("job:        " + job.get("name").asText() + " (" + job.get("id").asText() + ")");
        out.println("state:      " + job.get("state").asText());
        out.println("class:      " + job.path("jobClass").asText());
        out.println("started:    " + job.get("startTime").asText());
        out.println("uptime:     " + Durations.format(job.get("uptimeMs").asLong()));
        out.println("restarts:   " + job.get("restarts").asLong());
        JsonNode failure = job.get("lastFailure");
        if (failure != null && !failure.isNull()) {
            out.println("failure:    " + failure.get("time").asText() + " " + failure.get("message").asText());
            if (stackTrace) {
                out.print(failure.get("stackTrace").asText());
            }
        }
        if (!job.get("state").asText().equals("FAILED") || job.hasNonNull("endTime")) {
            try {
                JsonNode graph = runtime.get("/api/jobs/" + id + "/graph");
                out.printf("%n%-40s  %4s  %14s  %14s  %5s  %5s%n", "OPERATOR", "P", "IN/S", "OUT/S", "BUSY", "BP");
                for (JsonNode op : graph.get("operators")) {
                    out.printf("%-40s  %4d  %14.1f  %14.1f  %4.0f%%  %4.0f%%%n", op.get("name").asText(),
                            op.get("parallelism").asInt(), op.get("recordsInPerSecond").asDouble(),
                            op.get("recordsOutPerSecond").asDouble(), op.get("busy").asDouble() * 100,
                            op.get("backPressure").asDouble() * 100);
                }
            } catch (CliException noGraph) {
                // a job that never started has no graph: the lines above say why
            }
        }
        return FailureCodes.OK;
    }
}
