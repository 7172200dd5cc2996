package io.sluice.runtime.cli;

import io.sluice.runtime.launch.JobJar;

import com.example.jobs.JarTestJob;
import com.example.jobs.MissingClassJob;
import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ConfigOption;
import io.sluice.api.config.ConfigRegistry;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.internal.ContextConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class SluiceCliTest {

    private static final String USAGE_HINT = "Run 'sluice --help' for usage.";

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final SluiceCli cli = new SluiceCli(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @BeforeEach
    void clearRecords() {
        CliRecords.reset();
    }

    @AfterEach
    void resetGlobalConfiguration() {
        ContextConfiguration.set(new Configuration());
        CliRecords.reset();
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    // ---- usage errors ----------------------------------------------------------------------------

    @Test
    void shouldPrintUsageAndExitTwoWithoutArguments() {
        assertThat(run()).isEqualTo(2);
        assertThat(out()).startsWith("Usage:").contains("sluice run [--conf FILE] [-Dkey=value ...]")
                .contains("sluice options");
    }

    @Test
    void shouldPrintUsageAndExitZeroForHelp() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).startsWith("Usage:");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldExplainTheExitCodesAndThatTheCheckpointIsADirectoryInTheUsage() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).contains("DIR is a directory, not a file in it")
                .contains("Exit code 0 when the job finished; 1 when it failed")
                .contains("2 for a usage error, or when it cannot start from the checkpoint it was given");
    }

    @Test
    void shouldExitTwoWhenRunNamesNoJob() {
        assertThat(run("run")).isEqualTo(2);
        assertThat(err()).isEqualTo(lines("sluice: run needs a job class or jar", USAGE_HINT));
    }

    @Test
    void shouldExitTwoWhenOnlySettingsAreGiven() {
        assertThat(run("run", "-Dpipeline.parallelism=3")).isEqualTo(2);
        assertThat(err()).contains("run needs a job class or jar");
    }

    @Test
    void shouldExitTwoForAnUnknownCommand() {
        assertThat(run("launch", JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains("unknown command 'launch'").contains(USAGE_HINT);
        assertThat(CliRecords.VALUES).isEmpty();
    }

    @Test
    void shouldSuggestTheNearestKeyForAMistypedSetting() {
        assertThat(run("run", "-Dexecution.worker=2", JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains("unknown configuration key 'execution.worker'")
                .contains("did you mean 'execution.workers'")
                .contains(USAGE_HINT);
        assertThat(CliRecords.jobClassLoader).as("the job must not run").isNull();
    }

    @Test
    void shouldExitTwoForASettingWithoutValue() {
        assertThat(run("run", "-Dpipeline.parallelism", JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains("expected -Dkey=value, got '-Dpipeline.parallelism'");
    }

    @Test
    void shouldExitTwoForAnInvalidValue() {
        assertThat(run("run", "-Dpipeline.parallelism=many", JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains("invalid value 'many' for pipeline.parallelism");
        assertThat(CliRecords.jobClassLoader).isNull();
    }

    @Test
    void shouldExitTwoForAMissingConfigFile() {
        Path missing = dir.resolve("missing.conf");
        assertThat(run("run", "--conf", missing.toString(), JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains("config file " + missing + " does not exist").contains(USAGE_HINT);
        assertThat(CliRecords.jobClassLoader).isNull();
    }

    @Test
    void shouldExitTwoForConfWithoutAFile() {
        assertThat(run("run", "--conf")).isEqualTo(2);
        assertThat(err()).contains("--conf needs a file");
    }

    @Test
    void shouldNameTheFileAndLineOfABadConfigLine() throws IOException {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, "# settings\npipeline.parallelism: 2\n\nthis line has no separator\n");
        assertThat(run("run", "--conf", conf.toString(), JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains("sluice: " + conf + ":4: expected 'key: value', got 'this line has no separator'");
        assertThat(CliRecords.jobClassLoader).isNull();
    }

    @Test
    void shouldNameTheFileAndLineOfAnUnknownKeyInTheConfigFile() throws IOException {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, "pipeline.parallelism: 2\nexecution.worker: 2\n");
        assertThat(run("run", "--conf", conf.toString(), JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains(conf + ":2: unknown configuration key 'execution.worker'")
                .contains("did you mean 'execution.workers'");
    }

    @Test
    void shouldExitTwoForAnUnknownClass() {
        assertThat(run("run", "com.example.NoSuchJob")).isEqualTo(2);
        assertThat(err()).contains("no class com.example.NoSuchJob on the classpath").contains(USAGE_HINT);
    }

    @Test
    void shouldExitTwoForAClassThatIsNeitherAJobNorHasMain() {
        assertThat(run("run", NotAJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains(NotAJob.class.getName() + " neither implements io.sluice.api.Job nor has a"
                + " 'public static void main(String[])'");
    }

    @Test
    void shouldExitTwoForAnInstanceMain() {
        assertThat(run("run", InstanceMain.class.getName())).isEqualTo(2);
        assertThat(err()).contains(InstanceMain.class.getName() + ".main is not static");
    }

    @Test
    void shouldExitTwoForAJobWithoutANoArgumentConstructor() {
        assertThat(run("run", JobWithArgumentConstructor.class.getName())).isEqualTo(2);
        assertThat(err()).contains("job class " + JobWithArgumentConstructor.class.getName()
                + " needs a public no-argument constructor");
    }

    @Test
    void shouldExitTwoForFromCheckpointWithoutADirectory() {
        assertThat(run("run", "--from-checkpoint")).isEqualTo(2);
        assertThat(err()).contains("--from-checkpoint needs a checkpoint or savepoint directory").contains(USAGE_HINT);
    }

    @Test
    void shouldExitTwoNamingTheDirectoryWhenTheCheckpointDirectoryIsMissing() {
        Path missing = dir.resolve("no-checkpoints");
        assertThat(run("run", "--from-checkpoint", missing.toString(), RestoreSettingsMain.class.getName()))
                .isEqualTo(2);
        assertThat(err()).isEqualTo(lines("sluice: cannot resume from " + missing + ": it does not exist; pass the"
                + " checkpoint.directory of the earlier run, or one of its chk-* or savepoint directories"));
        assertThat(CliRecords.restoreFrom).as("the job must not run").isNull();
    }

    @Test
    void shouldExitTwoSayingTheCheckpointPathIsAFileNotADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("chk-3.tar"), "not a directory");
        assertThat(run("run", "--from-checkpoint", file.toString(), RestoreSettingsMain.class.getName()))
                .isEqualTo(2);
        assertThat(err()).isEqualTo(lines("sluice: cannot resume from " + file + ": it is a file, not a checkpoint"
                + " directory; pass the checkpoint.directory of the earlier run, or one of its chk-* or savepoint"
                + " directories"));
        assertThat(CliRecords.restoreFrom).as("the job must not run").isNull();
    }

    @Test
    void shouldPointAtItsDirectoryWhenTheCheckpointPathIsAMetadataFile() throws IOException {
        Path checkpoint = Files.createDirectory(dir.resolve("chk-7"));
        Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "");
        assertThat(run("run", "--from-checkpoint", metadata.toString(), RestoreSettingsMain.class.getName()))
                .isEqualTo(2);
        assertThat(err()).isEqualTo(lines("sluice: cannot resume from " + metadata + ": it is a file, not a"
                + " checkpoint directory; pass the checkpoint.directory of the earlier run, or one of its chk-* or"
                + " savepoint directories (here: " + checkpoint.toAbsolutePath() + ")"));
        assertThat(CliRecords.restoreFrom).isNull();
    }

    @Test
    void shouldExitTwoForAnUnknownOptionBeforeTheJob() {
        assertThat(run("run", "--parallelism", "3", JarTestJob.class.getName())).isEqualTo(2);
        assertThat(err()).contains("unknown option '--parallelism' before the job");
    }

    // ---- running jobs ----------------------------------------------------------------------------

    @Test
    void shouldRunAJobClassToCompletion() {
        int exit = run("run", JarTestJob.class.getName(), "a", "b");
        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(sortedValues()).isEqualTo(oneTo(100));
        assertThat(CliRecords.jobArgs).containsExactly("a", "b");
        assertThat(CliRecords.jobClassLoader).isSameAs(JarTestJob.class.getClassLoader());
        assertThat(err()).contains("sluice: job JarTestJob FINISHED");
    }

    @Test
    void shouldPassSettingsToAJob() throws IOException {
        Path conf = dir.resolve("job.conf");
        Files.writeString(conf, "pipeline.parallelism: 2\npipeline.name = from-file\npipeline.max-parallelism: 64\n");
        int exit = run("run", "--conf", conf.toString(), "-Dpipeline.parallelism=3", ConfigJob.class.getName());
        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(CliRecords.parallelism).as("-D overrides the file").isEqualTo(3);
        assertThat(CliRecords.jobName).isEqualTo("from-file");
        assertThat(CliRecords.maxParallelism).isEqualTo(64);
        assertThat(sortedValues()).isEqualTo(oneTo(3));
    }

    @Test
    void shouldRunAMainMethodWithSettingsAndArguments() {
        int exit = run("run", "-Dpipeline.parallelism=3", "-Dpipeline.name=by-main", MainJob.class.getName(), "x");
        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(CliRecords.parallelism).isEqualTo(3);
        assertThat(CliRecords.jobName).isEqualTo("by-main");
        assertThat(CliRecords.jobArgs).containsExactly("x");
        assertThat(sortedValues()).isEqualTo(oneTo(10));
    }

    @Test
    void shouldPassFromCheckpointAndAllowNonRestoredStateToTheJobsConfiguration() throws IOException {
        Path checkpoints = Files.createDirectory(dir.resolve("checkpoints"));
        int exit = run("run", "--from-checkpoint", checkpoints.toString(), "--allow-non-restored-state",
                "--allow-duplicates", RestoreSettingsMain.class.getName());
        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(CliRecords.restoreFrom).isEqualTo(checkpoints.toString());
        assertThat(CliRecords.allowNonRestoredState).isTrue();
        assertThat(CliRecords.allowDuplicates).isTrue();
    }

    @Test
    void shouldStartFromScratchWithoutFromCheckpoint() {
        int exit = run("run", RestoreSettingsMain.class.getName());
        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(CliRecords.restoreFrom).isEmpty();
        assertThat(CliRecords.allowNonRestoredState).isFalse();
    }

    @Test
    void shouldLetALaterSettingOverrideFromCheckpoint() throws IOException {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        int exit = run("run", "--from-checkpoint", first.toString(), "-Dcheckpoint.restore-from=" + second,
                RestoreSettingsMain.class.getName());
        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(CliRecords.restoreFrom).isEqualTo(second.toString());
    }

    @Test
    void shouldListTheCheckpointOptionsInTheUsage() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).contains("[--from-checkpoint DIR [--allow-non-restored-state]")
                .contains("[--allow-duplicates]]")
                .contains("checkpoint.restore-from").contains("checkpoint.allow-non-restored-state=true")
                .contains("checkpoint.allow-duplicates=true");
    }

    // ---- errors of the job's own code ----------------------------------------------------------

    /** One line: "sluice: job CLASS PHASE: Type: message (at FRAME)", nothing else. */
    private void assertOneLineJobError(Class<?> job, String phase, String typeAndMessage, String method) {
        assertThat(err()).as("stderr").matches(java.util.regex.Pattern.quote("sluice: job " + job.getName() + " "
                + phase + ": " + typeAndMessage + " (at " + job.getName() + "." + method + "(SluiceCliTest.java:")
                + "\\d+\\)\\)" + System.lineSeparator());
    }

    @Test
    void shouldReportAnIllegalArgumentOfTheJobsDefineAsTheJobsErrorNotAsUsage() {
        assertThat(run("run", BadWindowJob.class.getName())).isEqualTo(1);
        assertOneLineJobError(BadWindowJob.class, "failed while defining its dataflow",
                "IllegalArgumentException: window size must be > 0", "define");
    }

    @Test
    void shouldReportAnyExceptionOfTheJobsDefineInOneLineWithoutStackTrace() {
        assertThat(run("run", FailingJob.class.getName())).isEqualTo(1);
        assertOneLineJobError(FailingJob.class, "failed while defining its dataflow",
                "IllegalStateException: define refused on purpose", "define");
    }

    @Test
    void shouldNameTheJobsFrameNotTheLibraryFrameWhereTheExceptionWasThrown() {
        assertThat(run("run", ParsingJob.class.getName(), "ten")).isEqualTo(1);
        assertOneLineJobError(ParsingJob.class, "failed while defining its dataflow",
                "NumberFormatException: For input string: \"ten\"", "define");
    }

    @Test
    void shouldReportAnIllegalArgumentTheApiRaisesWhileTheJobIsBuiltAsTheJobsError() {
        assertThat(run("run", ZeroParallelismJob.class.getName())).isEqualTo(1);
        assertOneLineJobError(ZeroParallelismJob.class, "failed while defining its dataflow",
                "IllegalArgumentException: parallelism must be at least 1, got 0", "define");
    }

    @Test
    void shouldReportAMistakeTheValidatorFindsAsTheJobsErrorInOneLine() {
        assertThat(run("run", KeyedStateWithoutKeysJob.class.getName())).isEqualTo(1);
        assertThat(err()).as("stderr").startsWith("sluice: job " + KeyedStateWithoutKeysJob.class.getName()
                        + " failed while defining its dataflow: InvalidJobException: operator 'count-per-key' keeps"
                        + " keyed state (field 'count' of type ValueState")
                .endsWith("is not keyed; call keyBy(...) before it" + System.lineSeparator())
                .doesNotContain(" (at ", USAGE_HINT);
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void shouldReportAMistakeTheValidatorFindsInAMainJobAsTheJobsErrorAtTheCallOfExecute() {
        assertThat(run("run", KeyedStateWithoutKeysMain.class.getName())).isEqualTo(1);
        assertThat(err()).as("stderr").startsWith("sluice: job " + KeyedStateWithoutKeysMain.class.getName()
                        + " failed while defining its dataflow: InvalidJobException: operator 'count-per-key' keeps")
                .containsPattern("\\(at " + java.util.regex.Pattern.quote(KeyedStateWithoutKeysMain.class.getName())
                        + "\\.main\\(SluiceCliTest\\.java:\\d+\\)\\)" + System.lineSeparator() + "$")
                .doesNotContain(USAGE_HINT);
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void shouldReportAnExceptionOfAJobsMainAsTheJobsError() {
        assertThat(run("run", BadArgumentMain.class.getName())).isEqualTo(1);
        assertOneLineJobError(BadArgumentMain.class, "failed in its main method",
                "IllegalArgumentException: expected an input path", "main");
    }

    @Test
    void shouldReportAnExceptionOfTheJobsConstructorAsTheJobsError() {
        assertThat(run("run", FailingConstructorJob.class.getName())).isEqualTo(1);
        assertOneLineJobError(FailingConstructorJob.class, "failed while defining its dataflow",
                "IllegalStateException: no configuration", "<init>");
    }

    // ---- a class the job needs is missing -----------------------------------------------------------

    private static final String ON_THE_CLASSPATH = " the classpath of bin/sluice (Sluice's API, runtime and"
            + " connectors, with their libraries); ";

    @Test
    void shouldReportAClassMissingFromTheJobsDefineInOneLineAndSayWhereItShouldBe() {
        assertThat(run("run", MissingClassJob.class.getName())).isEqualTo(1);

        assertThat(err().lines()).as("stderr").hasSize(2);
        assertThat(err().lines().findFirst().orElseThrow()).startsWith("sluice: job " + MissingClassJob.class.getName()
                + " failed while defining its dataflow: NoClassDefFoundError: com/example/lib/Gone (at "
                + MissingClassJob.class.getName() + ".define(MissingClassJob.java:");
        assertThat(err().lines().skip(1).findFirst().orElseThrow()).isEqualTo("sluice: class com.example.lib.Gone is"
                + " not on" + ON_THE_CLASSPATH + "run the job from a jar that holds it and the other libraries the"
                + " job uses (a shaded jar)");
    }

    @Test
    void shouldReportAClassMissingFromAJobsMainAsTheJobsError() {
        assertThat(run("run", MissingClassMain.class.getName())).isEqualTo(1);

        assertThat(err().lines()).as("stderr").hasSize(2);
        assertThat(err()).startsWith("sluice: job " + MissingClassMain.class.getName() + " failed in its main method:"
                + " NoClassDefFoundError: com/example/lib/Gone (at ").contains("sluice: class com.example.lib.Gone is");
    }

    @Test
    void shouldSayWhereAClassMissingWhileTheJobRunsBelongsAfterTheFailure() {
        assertThat(run("run", MissingClassWhileRunningJob.class.getName())).isEqualTo(1);

        assertThat(err().lines()).as("stderr").hasSize(2);
        assertThat(err()).startsWith("sluice: job 'MissingClassWhileRunningJob' failed: ")
                .contains("NoClassDefFoundError: com/example/lib/Gone")
                .endsWith("sluice: class com.example.lib.Gone is not on" + ON_THE_CLASSPATH + "run the job from a jar"
                        + " that holds it and the other libraries the job uses (a shaded jar)" + System.lineSeparator());
    }

    @Test
    void shouldSayThatAClassIsMissingFromTheJobsJarWhenTheJobCameFromAJar() throws IOException {
        Path jar = writeJar("incomplete.jar", manifest(JobJar.MANIFEST_ATTRIBUTE, MissingClassJob.class.getName()),
                Map.of(classEntry(MissingClassJob.class), classBytes(MissingClassJob.class)));

        assertThat(run("run", jar.toString())).isEqualTo(1);

        assertThat(err().lines()).as("stderr").hasSize(2);
        assertThat(err().lines().skip(1).findFirst().orElseThrow()).isEqualTo("sluice: class com.example.lib.Gone is"
                + " neither in the job's jar nor on" + ON_THE_CLASSPATH + "build the job jar with the libraries the"
                + " job uses inside (a shaded jar)");
    }

    // ---- a refused restore -----------------------------------------------------------------------

    private static final String REFUSED = "checkpoint /data/chk-9 belongs to job 'orders', not 'payments';"
            + " pass a checkpoint of this job";

    @Test
    void shouldPrintARefusedRestoreAloneInOneLineAndExitTwo() {
        assertThat(run("run", RefusedRestoreJob.class.getName())).isEqualTo(2);
        assertThat(err()).isEqualTo(lines("sluice: " + REFUSED));
    }

    @Test
    void shouldPrintARefusedRestoreThrownByAMainAloneInOneLine() {
        assertThat(run("run", RefusedRestoreMain.class.getName())).isEqualTo(2);
        assertThat(err()).isEqualTo(lines("sluice: " + REFUSED));
    }

    @Test
    void shouldPrintARefusedRestoreWrappedInAnotherExceptionAloneInOneLine() {
        assertThat(run("run", WrappedRefusedRestoreMain.class.getName())).isEqualTo(2);
        assertThat(err()).isEqualTo(lines("sluice: " + REFUSED));
    }

    // ---- unexpected errors -----------------------------------------------------------------------

    @Test
    void shouldPrintAnUnexpectedInternalErrorWithItsStackTraceAndItsMessageOnce() {
        assertThat(run("run", InternalErrorJob.class.getName())).isEqualTo(1);
        String[] lines = err().split(System.lineSeparator());
        assertThat(lines[0]).isEqualTo("sluice: the job failed with an unexpected error:");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: " + InternalErrorJob.MESSAGE);
        assertThat(lines[2]).contains("at io.sluice.runtime.task.StreamTask.invoke(StreamTask.java:1)");
        assertThat(err().split(java.util.regex.Pattern.quote(InternalErrorJob.MESSAGE), -1))
                .as("the message appears once").hasSize(2);
    }

    // ---- jars ------------------------------------------------------------------------------------

    @Test
    void shouldRunTheJobNamedByTheManifestOfAJar() throws IOException {
        Path jar = writeJar("job.jar", manifest(JobJar.MANIFEST_ATTRIBUTE, JarTestJob.class.getName()),
                Map.of(classEntry(JarTestJob.class), classBytes(JarTestJob.class)));

        int exit = run("run", jar.toString(), "from-jar");

        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(sortedValues()).isEqualTo(oneTo(100));
        assertThat(CliRecords.jobArgs).containsExactly("from-jar");
        assertThat(CliRecords.jobClassLoader).as("the job class comes from the jar, not the test classpath")
                .isNotNull()
                .isNotSameAs(JarTestJob.class.getClassLoader());
    }

    @Test
    void shouldLoadSluicesOwnClassesFromTheLauncherEvenWhenTheJarBundlesThem() throws IOException {
        Path jar = writeJar("fat.jar", manifest(JobJar.MANIFEST_ATTRIBUTE, JarTestJob.class.getName()), Map.of(
                classEntry(JarTestJob.class), classBytes(JarTestJob.class),
                classEntry(CliRecords.class), classBytes(CliRecords.class))); // a runtime class, bundled by mistake

        int exit = run("run", jar.toString(), "fat");

        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(CliRecords.jobArgs).as("the job wrote to the launcher's CliRecords, not to a second copy")
                .containsExactly("fat");
        assertThat(CliRecords.jobClassLoader).isNotSameAs(JarTestJob.class.getClassLoader());
    }

    @Test
    void shouldRunTheJobListedAsAServiceInAJar() throws IOException {
        Path jar = writeJar("service.jar", manifest(null, null), Map.of(
                classEntry(JarTestJob.class), classBytes(JarTestJob.class),
                "META-INF/services/" + Job.class.getName(),
                (JarTestJob.class.getName() + "\n").getBytes(StandardCharsets.UTF_8)));

        int exit = run("run", jar.toString());

        assertThat(exit).as("exit code, stderr:\n%s", err()).isEqualTo(0);
        assertThat(sortedValues()).isEqualTo(oneTo(100));
        assertThat(CliRecords.jobClassLoader).isNotSameAs(JarTestJob.class.getClassLoader());
    }

    @Test
    void shouldExitTwoNamingTheAttributeForAJarThatNamesNoJob() throws IOException {
        Path jar = writeJar("nameless.jar", manifest(null, null),
                Map.of(classEntry(JarTestJob.class), classBytes(JarTestJob.class)));

        assertThat(run("run", jar.toString())).isEqualTo(2);

        assertThat(err()).contains("jar " + jar + " names no job")
                .contains("manifest attribute 'Sluice-Job: com.example.MyJob'")
                .contains("META-INF/services/io.sluice.api.Job");
        assertThat(CliRecords.jobClassLoader).isNull();
    }

    @Test
    void shouldExitTwoForAJarWhoseJobClassIsMissing() throws IOException {
        Path jar = writeJar("empty.jar", manifest(JobJar.MANIFEST_ATTRIBUTE, "com.example.Gone"), Map.of());

        assertThat(run("run", jar.toString())).isEqualTo(2);

        assertThat(err()).contains("jar " + jar + " names job class com.example.Gone, which cannot be loaded");
    }

    @Test
    void shouldExitTwoForACorruptJar() throws IOException {
        Path jar = dir.resolve("x.jar");
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        Files.write(jar, garbage);

        assertThat(run("run", jar.toString())).isEqualTo(2);

        assertThat(err()).contains("cannot read " + jar + " as a jar (")
                .contains("build the job with 'mvn package'")
                .contains(USAGE_HINT);
    }

    @Test
    void shouldExitTwoForAMissingJar() {
        Path jar = dir.resolve("absent.jar");
        assertThat(run("run", jar.toString())).isEqualTo(2);
        assertThat(err()).contains("job jar " + jar + " does not exist or is not a file");
    }

    // ---- options ---------------------------------------------------------------------------------

    @Test
    void shouldListEveryRegisteredOption() {
        assertThat(run("options")).isEqualTo(0);
        List<ConfigOption<?>> all = ConfigRegistry.all();
        assertThat(all).isNotEmpty();
        List<String> listedKeys = new ArrayList<>();
        for (String line : out().split("\n")) {
            if (line.startsWith("  ") && !line.startsWith("      ")) {
                listedKeys.add(line.strip().split("\\s+")[0]);
            }
        }
        assertThat(listedKeys).containsExactlyElementsOf(all.stream().map(ConfigOption::key).toList());
        assertThat(out()).contains("[pipeline]").contains("[execution]");
        assertThat(err()).isEmpty();
    }

    // ---- test jobs -------------------------------------------------------------------------------

    /** Records the settings its environment sees. */
    public static final class ConfigJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) {
            CliRecords.parallelism = env.parallelism();
            CliRecords.maxParallelism = env.maxParallelism();
            CliRecords.jobName = env.config().get(PipelineOptions.JOB_NAME);
            env.fromSequence(1, 3).sinkTo(new RecordingSink());
        }
    }

    /** A job with a classic main method, which creates its own environment. */
    public static final class MainJob {
        public static void main(String[] args) throws Exception {
            StreamEnvironment env = StreamEnvironment.create();
            CliRecords.parallelism = env.parallelism();
            CliRecords.jobName = env.config().get(PipelineOptions.JOB_NAME);
            CliRecords.jobArgs = List.of(args);
            env.fromSequence(1, 10).sinkTo(new RecordingSink());
            env.execute();
        }
    }

    /** Records the restore settings its environment sees, and runs nothing. */
    public static final class RestoreSettingsMain {
        public static void main(String[] args) {
            Configuration config = StreamEnvironment.create().config();
            CliRecords.restoreFrom = config.get(CheckpointingOptions.RESTORE_FROM);
            CliRecords.allowNonRestoredState = config.get(CheckpointingOptions.ALLOW_NON_RESTORED_STATE);
            CliRecords.allowDuplicates = config.get(CheckpointingOptions.ALLOW_DUPLICATES);
        }
    }

    public static final class FailingJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) {
            throw new IllegalStateException("define refused on purpose");
        }
    }

    public static final class BadWindowJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) {
            throw new IllegalArgumentException("window size must be > 0");
        }
    }

    /** Throws from the JDK, called by the job. */
    public static final class ParsingJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) {
            env.fromSequence(1, Integer.parseInt(args[0])).sinkTo(new RecordingSink());
        }
    }

    /** The API refuses what the job asks for. */
    public static final class ZeroParallelismJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) {
            env.setParallelism(0);
        }
    }

    /** A map function that keeps keyed state, used without keyBy. */
    public static final class CountingMap implements io.sluice.api.functions.MapFunction<Long, Long> {
        private transient io.sluice.api.state.ValueState<Long> count;

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    /** Refused by the validator when the CLI starts it. */
    public static final class KeyedStateWithoutKeysJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) {
            env.fromSequence(1, 10).map(new CountingMap()).name("count-per-key").sinkTo(new RecordingSink());
        }
    }

    /** Refused by the validator when its main executes it. */
    public static final class KeyedStateWithoutKeysMain {
        public static void main(String[] args) throws Exception {
            StreamEnvironment env = StreamEnvironment.create();
            env.fromSequence(1, 10).map(new CountingMap()).name("count-per-key").sinkTo(new RecordingSink());
            env.execute();
        }
    }

    public static final class BadArgumentMain {
        public static void main(String[] args) {
            throw new IllegalArgumentException("expected an input path");
        }
    }

    public static final class FailingConstructorJob implements Job {
        public FailingConstructorJob() {
            throw new IllegalStateException("no configuration");
        }

        @Override
        public void define(StreamEnvironment env, String[] args) {
        }
    }

    public static final class MissingClassWhileRunningJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) {
            env.fromSequence(1, 3).map(v -> {
                if (v == 2) {
                    throw new NoClassDefFoundError("com/example/lib/Gone");
                }
                return v;
            }).sinkTo(new RecordingSink());
        }
    }

    public static final class MissingClassMain {
        public static void main(String[] args) {
            throw new NoClassDefFoundError("com/example/lib/Gone");
        }
    }

    /** As if the executor refused the checkpoint it was asked to start from. */
    public static final class RefusedRestoreJob implements Job {
        @Override
        public void define(StreamEnvironment env, String[] args) throws Exception {
            throw new io.sluice.runtime.checkpoint.RestoreRefusedException(REFUSED);
        }
    }

    public static final class RefusedRestoreMain {
        public static void main(String[] args) throws Exception {
            throw new io.sluice.runtime.checkpoint.RestoreRefusedException(REFUSED);
        }
    }

    public static final class WrappedRefusedRestoreMain {
        public static void main(String[] args) {
            try {
                throw new io.sluice.runtime.checkpoint.RestoreRefusedException(REFUSED);
            } catch (io.sluice.runtime.checkpoint.RestoreRefusedException e) {
                throw new IllegalStateException("the job could not start", e);
            }
        }
    }

    /** An error thrown inside the runtime, not by the job: its stack trace says so. */
    public static final class InternalErrorJob implements Job {
        static final String MESSAGE = "invariant broken: a task ran twice";

        @Override
        public void define(StreamEnvironment env, String[] args) {
            IllegalStateException e = new IllegalStateException(MESSAGE);
            e.setStackTrace(new StackTraceElement[] {
                    new StackTraceElement("io.sluice.runtime.task.StreamTask", "invoke", "StreamTask.java", 1)});
            throw e;
        }
    }

    public static final class NotAJob {
        public void run() {
        }
    }

    public static final class InstanceMain {
        public void main(String[] args) {
        }
    }

    public static final class JobWithArgumentConstructor implements Job {
        public JobWithArgumentConstructor(String required) {
        }

        @Override
        public void define(StreamEnvironment env, String[] args) {
            CliRecords.jobClassLoader = getClass().getClassLoader();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static List<Long> sortedValues() {
        return CliRecords.VALUES.stream().sorted().toList();
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static Manifest manifest(String attribute, String value) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (attribute != null) {
            m.getMainAttributes().putValue(attribute, value);
        }
        return m;
    }

    private static String classEntry(Class<?> c) {
        return c.getName().replace('.', '/') + ".class";
    }

    private static byte[] classBytes(Class<?> c) throws IOException {
        // the binary name within the package: SluiceCliTest$MissingClassJob for a nested class
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getPackageName().length() + 1) + ".class")) {
            assertThat(in).as("class file of %s on the test classpath", c.getName()).isNotNull();
            return in.readAllBytes();
        }
    }

    private Path writeJar(String name, Manifest manifest, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }
}
