package io.sluice.runtime.cli;

import io.sluice.api.config.ConfigOption;
import io.sluice.api.config.ConfigRegistry;
import io.sluice.runtime.server.RuntimeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code sluice} command (picocli): {@code run} a job in this process, or start a {@code runtime}
 * and {@code submit}, {@code list}, {@code status}, {@code cancel}, {@code stop}, {@code savepoint},
 * {@code checkpoints} its jobs (clients of its REST API); {@code options}, {@code new-job}.
 * {@code --help} on each. Exit codes: 0 ok, 1 failed, 2 usage; every error is one line on standard
 * error, starting with "sluice: ". See {@link RunCommand} for {@code run}'s own rules.
 */
@Command(name = "sluice")
public final class SluiceCli {

    private final CliContext context;

    SluiceCli(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    SluiceCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.context = new CliContext(out, err, env);
    }

    public static void main(String[] args) {
        System.exit(new SluiceCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help") || args[0].equals("-h")) {
            usage(context.out());
            return args.length == 0 ? FailureCodes.USAGE : FailureCodes.OK;
        }
        CommandLine line = commandLine();
        return line.execute(args);
    }

    private CommandLine commandLine() {
        CommandLine line = new CommandLine(this);
        line.addSubcommand("run", new CommandLine(new RunCommand(context))
                .setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true));
        line.addSubcommand("options", new OptionsCommand(context));
        line.addSubcommand("runtime", new RuntimeCommand(context));
        line.addSubcommand("submit", new SubmitCommand(context));
        line.addSubcommand("list", new ListCommand(context));
        line.addSubcommand("status", new StatusCommand(context));
        line.addSubcommand("cancel", new CancelCommand(context));
        line.addSubcommand("stop", new StopCommand(context));
        line.addSubcommand("savepoint", new SavepointCommand(context));
        line.addSubcommand("checkpoints", new CheckpointsCommand(context));
        line.addSubcommand("new-job", new NewJobCommand(context));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        line.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String message = e instanceof CommandLine.UnmatchedArgumentException && failed == line
                    ? "unknown command '" + args[0] + "'" : e.getMessage();
            context.err().println("sluice: " + message);
            context.err().println(hint(failed));
            return FailureCodes.USAGE;
        });
        line.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof CliException cli) {
                context.err().println("sluice: " + cli.getMessage());
                if (cli.exitCode() == FailureCodes.USAGE) {
                    context.err().println(hint(failed));
                }
                return cli.exitCode();
            }
            if (e instanceof InterruptedException) {
                context.err().println("sluice: interrupted");
                return FailureCodes.FAILED;
            }
            context.err().println("sluice: " + failed.getCommandName() + " failed unexpectedly:");
            e.printStackTrace(context.err());
            return FailureCodes.FAILED;
        });
        return line;
    }

    private static String hint(CommandLine command) {
        String name = command.getParent() == null ? "sluice" : "sluice " + command.getCommandName();
        return "Run '" + name + " --help' for usage.";
    }

    static void printOptions(PrintStream out) {
        RuntimeSettings.of(new io.sluice.api.config.Configuration()); // registers the runtime's options
        String area = null;
        for (ConfigOption<?> o : ConfigRegistry.all()) {
            if (!o.area().equals(area)) {
                area = o.area();
                out.println();
                out.println("[" + area + "]");
            }
            out.printf("  %-36s %-10s default %s%n      %s%n", o.key(), o.type().getSimpleName(), o.defaultValue(),
                    o.description());
        }
    }

    static void usage(PrintStream out) {
        out.println("Usage:");
        out.println("  sluice run [--conf FILE] [-Dkey=value ...] [--from-checkpoint DIR [--allow-non-restored-state]");
        out.println("             [--allow-duplicates]]");
        out.println("             JOB_CLASS|JOB_JAR [job args...]");
        out.println("      Runs a job in this process until it finishes (bounded input) or Ctrl-C.");
        out.println("      JOB_CLASS implements io.sluice.api.Job or has a main method.");
        out.println("      A JOB_JAR names its job with the manifest attribute 'Sluice-Job'.");
        out.println("      --from-checkpoint DIR  start from a checkpoint or savepoint directory, or from the newest");
        out.println("                             complete checkpoint under DIR (checkpoint.restore-from);");
        out.println("                             DIR is a directory, not a file in it");
        out.println("      --allow-non-restored-state  drop snapshot state of operators the job no longer has");
        out.println("                             (checkpoint.allow-non-restored-state=true)");
        out.println("      --allow-duplicates     when the newest checkpoint is unusable, start from an older one even");
        out.println("                             though the newer one had committed output, which is then written");
        out.println("                             again (checkpoint.allow-duplicates=true)");
        out.println("      Exit code 0 when the job finished; 1 when it failed: its own error (or a mistake in its");
        out.println("      dataflow) in one line naming its class and where it was thrown, or the failure while");
        out.println("      it ran; 2 for a usage error, or when it cannot start from the checkpoint it was given.");
        out.println("  sluice runtime [--conf FILE] [--port PORT] [--bind ADDRESS] [--data-dir DIR] [--workers N]");
        out.println("                 [--idle-strategy KIND] [--checkpoint-dir DIR] [--state-memory BYTES] [--token T]");
        out.println("      Starts a runtime that jobs are submitted to, with a REST API, a dashboard and /metrics");
        out.println("      (http://127.0.0.1:8081/ by default); it keeps its jobs in its data directory and resumes");
        out.println("      them from their latest checkpoint when started again after a crash or a shutdown.");
        out.println("  sluice submit JAR [--class C] [--parallelism N] [--from-savepoint DIR] [--name NAME]");
        out.println("                [-Dkey=value ...] [-- job args...]");
        out.println("      Uploads a job jar to the runtime and starts it; prints the job's id.");
        out.println("  sluice list | status ID | cancel ID | stop ID [--savepoint DIR] | savepoint ID [DIR]");
        out.println("             | checkpoints ID");
        out.println("      Lists the runtime's jobs, shows one, cancels one, stops one with a savepoint, takes a");
        out.println("      savepoint, shows its checkpoints. These commands find the runtime with --runtime URL,");
        out.println("      $SLUICE_RUNTIME or the config file (--conf, $SLUICE_CONF), and send --token or $SLUICE_TOKEN.");
        out.println("      Exit code 0 when done, 1 when the runtime refused or failed (its reason in one line),");
        out.println("      2 for a usage error. 'sluice COMMAND --help' describes each command.");
        out.println("  sluice new-job DIR [--group-id ID] [--artifact-id ID] [--package PACKAGE]");
        out.println("      Creates a Maven project for a new job: a job class, its test, a submit-ready jar build.");
        out.println("  sluice queue produce DIR [FILE] | tail DIR [--from-start] [--committed] [--no-follow]");
        out.println("      Puts lines into a Chronicle queue, or shows what is in one ('sluice queue --help').");
        out.println("  sluice options");
        out.println("      Lists every configuration option with its default.");
    }
}
