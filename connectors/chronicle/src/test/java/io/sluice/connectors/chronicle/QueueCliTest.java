package io.sluice.connectors.chronicle;

import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueueCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        return new QueueCli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private List<String> outLines() {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
    }

    @Test
    void linesProducedFromStdinAndFromAFileAreTailedFromTheStart() throws Exception {
        Path queue = dir.resolve("q");
        assertThat(run("a\nb\n", "produce", queue.toString())).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("appended 2 records to " + queue);
        Path file = Files.writeString(dir.resolve("more.txt"), "c\nd é\n");
        assertThat(run("", "produce", queue.toString(), file.toString())).isZero();

        assertThat(run("", "tail", queue.toString(), "--from-start", "--no-follow")).isZero();
        assertThat(outLines()).containsExactly("a", "b", "c", "d é");
        assertThat(run("", "tail", queue.toString(), "--no-follow")).as("from the end: nothing new").isZero();
        assertThat(outLines()).isEmpty();
    }

    @Test
    void committedTailShowsOnlyRecordsOfCommittedEpochs() throws Exception {
        Path queue = dir.resolve("q");
        ChronicleQueueSink<String> sink = ChronicleQueueSink.forRecords(queue, RecordSerializer.utf8()).build();
        TwoPhaseCommitSink.PrecommittingWriter<String, EpochCommittable> writer = sink.createWriter(
                SinkContext.of(0, 1, "queue", "00c0ffee00c0ffee"));
        writer.write("committed", 0);
        var committables = writer.prepareCommit();
        writer.write("still open", 0);
        writer.flush(false);
        try (var committer = sink.createCommitter()) {
            committer.commit(committables);
        }

        assertThat(run("", "tail", queue.toString(), "--from-start", "--no-follow")).isZero();
        assertThat(outLines()).as("every record").containsExactly("committed", "still open");
        assertThat(run("", "tail", queue.toString(), "--from-start", "--committed", "--no-follow")).isZero();
        assertThat(outLines()).as("committed only").containsExactly("committed");
        writer.close();
    }

    @Test
    void mistakesAreOneLineWithTheUsageCode() throws Exception {
        assertThat(run("", "tail")).isEqualTo(QueueCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sluice queue: tail needs a queue directory");
        assertThat(run("", "consume", "x")).isEqualTo(QueueCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sluice queue: unknown queue command 'consume'");
        assertThat(run("", "tail", dir.resolve("none").toString())).isEqualTo(QueueCli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sluice queue: there is no queue at "
                + dir.resolve("none") + " (no such directory)" + System.lineSeparator());
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThat(run("", "produce", file.toString())).isEqualTo(QueueCli.USAGE);
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sluice queue produce DIR [FILE]");
    }
}
