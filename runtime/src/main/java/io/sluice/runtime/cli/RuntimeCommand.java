package io.sluice.runtime.cli;

import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.StateOptions;
import io.sluice.runtime.server.RuntimeOptions;
import io.sluice.runtime.server.RuntimeServer;
import io.sluice.runtime.server.RuntimeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code sluice runtime}: starts a runtime server and keeps it running until Ctrl-C (or a SIGTERM). */
@Command(name = "runtime", sortOptions = false,
        description = {"Starts a Sluice runtime: jobs are submitted to it (sluice submit), watched in its dashboard"
                + " (http://127.0.0.1:8081/) and kept in its data directory: started again after a crash or a"
                + " shutdown, it resumes every job that was running from its latest checkpoint.",
            "Settings come from the configuration file (--conf or $SLUICE_CONF), then -D, then the flags below;"
                + " the file also holds defaults for every job (checkpoint.interval, ...). 'sluice options' lists"
                + " every key."})
final class RuntimeCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--conf", paramLabel = "FILE", description = "Configuration file (key: value lines).")
    Path conf;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (runtime.port, default 8081; 0: any).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (runtime.bind-address, default 127.0.0.1).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Jars, job records and checkpoints (runtime.data-directory, default ./sluice-data).")
    Path dataDirectory;

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker threads shared by all jobs (execution.workers, default: the number of cores).")
    Integer workers;

    @Option(names = "--idle-strategy", paramLabel = "KIND",
            description = "How idle workers wait: BUSY_SPIN, BACKOFF, YIELD or SLEEP (execution.idle-strategy).")
    ExecutionOptions.IdleStrategyKind idleStrategy;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where jobs' checkpoints go, one directory per job (checkpoint.directory, default"
                    + " DATA_DIR/checkpoints).")
    Path checkpointDirectory;

    @Option(names = "--state-memory", paramLabel = "BYTES",
            description = "Off-heap state memory per task (state.memory-per-task).")
    Long stateMemory;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Require 'Authorization: Bearer TOKEN' on every request (runtime.token).")
    String token;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Any setting, as in the configuration file.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    RuntimeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        RuntimeSettings runtime = RuntimeSettings.of(configuration());
        RuntimeServer server;
        try {
            server = RuntimeServer.start(runtime);
        } catch (IllegalStateException e) {
            throw new CliException(FailureCodes.FAILED, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sluice-runtime-shutdown"));
        context.out().println("Sluice runtime " + RuntimeServer.version() + " listening on " + server.address());
        context.out().println("  dashboard: " + server.address() + "/");
        context.out().println("  data:      " + runtime.dataDirectory());
        context.out().println("  submit a job: bin/sluice submit JOB.jar" + (server.port() == 8081 ? ""
                : " --runtime " + server.address()) + "; stop the runtime with Ctrl-C");
        stopped.await();
        return FailureCodes.OK;
    }

    private Configuration configuration() {
        Configuration c = ClientOptions.configuration(conf, context);
        settings.forEach((key, value) -> {
            if (value.isEmpty()) {
                throw new CliException(FailureCodes.USAGE, "expected -Dkey=value, got '-D" + key + "'");
            }
            set(c, key, value);
        });
        if (port != null) {
            c.set(RuntimeOptions.PORT, port);
        }
        if (bind != null) {
            c.set(RuntimeOptions.BIND_ADDRESS, bind);
        }
        if (dataDirectory != null) {
            c.set(RuntimeOptions.DATA_DIRECTORY, dataDirectory.toString());
        }
        if (workers != null) {
            set(c, ExecutionOptions.WORKERS.key(), workers.toString());
        }
        if (idleStrategy != null) {
            c.set(ExecutionOptions.IDLE_STRATEGY, idleStrategy);
        }
        if (checkpointDirectory != null) {
            c.set(CheckpointingOptions.DIRECTORY, checkpointDirectory.toAbsolutePath().toString());
        }
        if (stateMemory != null) {
            set(c, StateOptions.MEMORY_PER_TASK.key(), stateMemory.toString());
        }
        if (token != null) {
            c.set(RuntimeOptions.TOKEN, token);
        }
        return c;
    }

    private static void set(Configuration c, String key, String value) {
        try {
            c.set(key, value);
        } catch (IllegalArgumentException e) {
            throw new CliException(FailureCodes.USAGE, e.getMessage());
        }
    }
}
