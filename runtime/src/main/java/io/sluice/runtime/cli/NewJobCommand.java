package io.sluice.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sluice new-job DIR}: a Maven project with a job, its test and a build of a submit-ready jar. */
@Command(name = "new-job", description = {"Creates a Maven project for a new job in DIR: a job class, its test,"
        + " and a build that makes target/ARTIFACT.jar ready for 'sluice submit' or 'sluice run'."})
final class NewJobCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty directory for the project.")
    Path directory;

    @Option(names = "--group-id", paramLabel = "ID", description = "Maven group id (default com.example).")
    String groupId;

    @Option(names = "--artifact-id", paramLabel = "ID", description = "Maven artifact id (default: DIR's name).")
    String artifactId;

    @Option(names = "--package", paramLabel = "PACKAGE",
            description = "Package of the job class (default: group id + artifact id, e.g. com.example.myjob).")
    String javaPackage;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    NewJobCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path project;
        try {
            project = NewJobProject.create(directory, groupId, artifactId, javaPackage);
        } catch (IllegalArgumentException e) {
            throw new CliException(FailureCodes.USAGE, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CliException(FailureCodes.FAILED, "cannot write the project: " + e.getCause().getMessage());
        }
        context.out().println(project);
        context.err().println("sluice: created a job project in " + project + "; build it with 'cd " + project
                + " && mvn package', then submit the jar it makes in target/ with 'bin/sluice submit' (the project's"
                + " README says more)");
        return FailureCodes.OK;
    }
}
