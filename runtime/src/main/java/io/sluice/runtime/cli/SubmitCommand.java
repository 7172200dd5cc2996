package io.sluice.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sluice submit JAR [options] [-- job args]}: uploads a job jar to the runtime and runs it. */
@Command(name = "submit", sortOptions = false,
        description = {"Uploads a job jar to the runtime and starts its job; prints the job's id.",
            "Arguments after '--' go to the job."})
final class SubmitCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "JAR", description = "The job jar (its manifest names the job class).")
    Path jar;

    @Parameters(index = "1..*", paramLabel = "JOB_ARGS", description = "The job's arguments (after --).")
    List<String> jobArguments = new ArrayList<>();

    @Option(names = "--class", paramLabel = "CLASS", description = "The job class, when the jar names none or another.")
    String jobClass;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", description = "Default parallelism of the job.")
    Integer parallelism;

    @Option(names = "--from-savepoint", paramLabel = "DIR",
            description = "Start from this savepoint or checkpoint directory (as the runtime sees it).")
    Path savepoint;

    @Option(names = "--allow-non-restored-state",
            description = "Drop state of operators the job no longer has when starting from a savepoint.")
    boolean allowNonRestoredState;

    @Option(names = "--name", paramLabel = "NAME", description = "The job's name (default: its class's).")
    String name;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A setting for this job, as in the configuration file.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Mixin
    ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    SubmitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(jar)) {
            throw new CliException(FailureCodes.USAGE, "job jar " + jar + " does not exist or is not a file");
        }
        settings.forEach((k, v) -> {
            if (v.isEmpty()) {
                throw new CliException(FailureCodes.USAGE, "expected -Dkey=value, got '-D" + k + "'");
            }
        });
        RuntimeClient runtime = client.client(context);
        JsonNode uploaded = runtime.upload(jar);
        Map<String, Object> request = new LinkedHashMap<>();
        if (jobClass != null) {
            request.put("jobClass", jobClass);
        }
        if (parallelism != null) {
            request.put("parallelism", parallelism);
        }
        request.put("arguments", jobArguments);
        if (name != null) {
            request.put("name", name);
        }
        if (savepoint != null) {
            request.put("savepoint", savepoint.toAbsolutePath().normalize().toString());
        }
        if (allowNonRestoredState) {
            request.put("allowNonRestoredState", true);
        }
        if (!settings.isEmpty()) {
            request.put("configuration", settings);
        }
        JsonNode started = runtime.post("/api/jars/" + uploaded.get("id").asText() + "/run", request);
        String id = started.get("jobId").asText();
        context.out().println(id);
        context.err().println("sluice: submitted " + jar.getFileName() + " as job " + id + "; watch it with 'sluice"
                + " status " + id + "' or at " + runtime.address() + "/#/jobs/" + id);
        return FailureCodes.OK;
    }
}
