package io.sluice.examples.jobjar;

import io.sluice.connectors.files.CommittedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connectors from a job jar run by {@code bin/sluice run JAR}, in a child process as a user runs
 * them: a file job (CSV in, exactly-once part files out) and a Chronicle Queue job (queue in, queue
 * out exactly once, its input written and its output read with {@code bin/sluice queue}). Each job
 * fails once mid-run and its restart strategy runs it again inside the child, from its latest
 * complete checkpoint (the queue job fails only after one, and checks that it was restored from it).
 * The jars hold only the jobs' own classes: the connectors come from the launcher's classpath. A jar
 * that lacks one of its classes is refused in two lines naming it.
 */
class JobJarEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunAFileJobFromAJarAndCommitEveryCsvRecordExactlyOnceThroughARestart() throws Exception {
        SluiceCommand sluice = new SluiceCommand(dir);
        Path input = Files.createDirectories(dir.resolve("payments"));
        List<String> expected = new ArrayList<>();
        int id = 0;
        for (int file = 0; file < 3; file++) {
            List<String> lines = new ArrayList<>(List.of("id,account,amount"));
            for (int i = 0; i < 2000; i++, id++) {
                BigDecimal amount = new BigDecimal(id + ".25");
                lines.add(id + ",acc" + id % 7 + "," + amount);
                expected.add(id + ";ACC" + id % 7 + ";" + amount.multiply(BigDecimal.valueOf(2)));
            }
            Files.write(input.resolve("day" + file + ".csv"), lines);
        }
        Path jar = JobJars.write(dir.resolve("csv-job.jar"), j -> j.withClass(CsvToPartFilesJob.class),
                "Sluice-Job", CsvToPartFilesJob.class.getName());
        Path output = dir.resolve("out");

        SluiceCommand.Result run = sluice.run("run", jar.toString(), input.toString(), output.toString(),
                dir.resolve("checkpoints").toString(), "3000");

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stderr()).as("the job's end").contains("sluice: job CsvToPartFilesJob FINISHED")
                .as("the injected failure restarted the job").contains("restarts in")
                .contains("injected failure at payment 3000");
        assertThat(loadedFrom(run, CsvToPartFilesJob.LOADED_FROM)).as("the file connector, from the launcher")
                .isNotEqualTo(jar).asString().contains("files");
        List<String> committed = CommittedFiles.readLines(output);
        assertThat(committed).as("every payment exactly once").hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldRunAQueueJobFromTheMainClassOfAJarExactlyOnceThroughARestoreFromItsCheckpoint() throws Exception {
        SluiceCommand sluice = new SluiceCommand(dir);
        List<String> lines = IntStream.range(0, 5000).mapToObj(i -> "event " + i).toList();
        Path lineFile = Files.write(dir.resolve("events.txt"), lines);
        Path input = dir.resolve("in-queue");
        Path output = dir.resolve("out-queue");
        SluiceCommand.Result produced = sluice.run("queue", "produce", input.toString(), lineFile.toString());
        assertThat(produced.exitCode()).as("%s", produced).isZero();
        Path jar = JobJars.write(dir.resolve("queue-job.jar"), j -> j.withClass(QueueCopyJob.class),
                "Main-Class", QueueCopyJob.class.getName());

        SluiceCommand.Result run = sluice.run("run", jar.toString(), input.toString(), output.toString(),
                dir.resolve("checkpoints").toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stderr()).contains("injected failure at record");
        String done = run.stdoutLines().stream().filter(l -> l.startsWith(QueueCopyJob.DONE)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + QueueCopyJob.DONE + "' in " + run));
        assertThat(done).as("finished after one restart from a complete checkpoint")
                .matches(QueueCopyJob.DONE + " FINISHED restarts=1 restored-from=[1-9]\\d*");
        assertThat(loadedFrom(run, QueueCopyJob.LOADED_FROM)).as("the Chronicle connector, from the launcher")
                .isNotEqualTo(jar).asString().contains("chronicle");

        SluiceCommand.Result tail = sluice.run("queue", "tail", output.toString(), "--committed", "--from-start",
                "--no-follow");
        assertThat(tail.exitCode()).as("%s", tail).isZero();
        assertThat(tail.stdoutLines()).as("every record once, in order")
                .isEqualTo(lines.stream().map(l -> l.toUpperCase(java.util.Locale.ROOT)).toList());
    }

    @Test
    void shouldNameTheClassAJobJarLacksInTwoLinesWithoutAStackTrace() throws Exception {
        SluiceCommand sluice = new SluiceCommand(dir);
        Path input = Files.createDirectories(dir.resolve("payments"));
        Files.write(input.resolve("day0.csv"), List.of("id,account,amount", "1,acc1,1.25"));
        Path jar = JobJars.write(dir.resolve("incomplete.jar"), j -> j.withoutNestedClassesOf(CsvToPartFilesJob.class),
                "Sluice-Job", CsvToPartFilesJob.class.getName());

        SluiceCommand.Result run = sluice.run("run", jar.toString(), input.toString(), dir.resolve("out").toString(),
                dir.resolve("checkpoints").toString(), "-1");

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        String missing = CsvToPartFilesJob.Payment.class.getName();
        assertThat(run.stderr().lines()).as("%s", run).hasSize(2);
        assertThat(run.stderr()).as("%s", run)
                .startsWith("sluice: job " + CsvToPartFilesJob.class.getName() + " failed while defining its dataflow:"
                        + " NoClassDefFoundError: " + missing.replace('.', '/') + " (at "
                        + CsvToPartFilesJob.class.getName() + ".define(CsvToPartFilesJob.java:")
                .contains("sluice: class " + missing + " is neither in the job's jar nor on the classpath of"
                        + " bin/sluice");
    }

    /** The location (a class directory or jar) the child printed after {@code prefix} on a line of its own. */
    static Path loadedFrom(SluiceCommand.Result run, String prefix) {
        return run.stdoutLines().stream().filter(l -> l.startsWith(prefix))
                .map(l -> Path.of(URI.create(l.substring(prefix.length()))))
                .findFirst().orElseThrow(() -> new AssertionError("no line '" + prefix + "' in " + run));
    }
}
