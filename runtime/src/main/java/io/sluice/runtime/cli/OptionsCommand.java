package io.sluice.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code sluice options}: every configuration key with its type, default and meaning. */
@Command(name = "options", description = "Lists every configuration option with its default.")
final class OptionsCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    OptionsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SluiceCli.printOptions(context.out());
        return FailureCodes.OK;
    }
}
