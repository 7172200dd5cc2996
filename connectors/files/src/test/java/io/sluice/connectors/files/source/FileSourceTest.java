package io.sluice.connectors.files.source;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5); // polling a condition with a deadline
        }
    }

    /** Writes {@code text} into {@code file} the way files should arrive: elsewhere, then renamed into place. */
    private Path arrive(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Path tmp = Files.writeString(dir.resolve("tmp-" + UUID.randomUUID()), text, StandardCharsets.UTF_8);
        return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> lines(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void readsEveryLineOfEveryVisibleFileUnderTheDirectoryOnceAndEnds() throws Exception {
        Path in = dir.resolve("in");
        arrive(in.resolve("a.txt"), "a0\r\na1\na2\n");
        arrive(in.resolve("sub").resolve("b.txt"), "b0\nb1"); // a last line without a line break
        arrive(in.resolve("empty.txt"), "");
        arrive(in.resolve(".part-0-x.inprogress"), "hidden\n");
        arrive(in.resolve("_SUCCESS"), "marker\n");
        arrive(in.resolve(".staging").resolve("c.txt"), "in a hidden directory\n");

        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(FileSource.lines(in).build(), WatermarkStrategy.noWatermarks(), "files").sinkTo(sink);
        assertThat(env.execute("read-files").status()).isEqualTo(JobStatus.FINISHED);

        assertThat(sink.values()).containsExactlyInAnyOrder("a0", "a1", "a2", "b0", "b1");
    }

    @Test
    void aMissingPathIsRefusedWhenTheJobStarts() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSource(FileSource.lines(dir.resolve("nowhere")).build(), WatermarkStrategy.noWatermarks(), "files")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(() -> env.execute("missing")).hasMessageContaining("nowhere does not exist");
    }

    @Test
    void aBadLineFailsTheJobNamingTheFileAndTheLine() throws Exception {
        Path file = arrive(dir.resolve("numbers.txt"), "1\n2\nthree\n4\n");
        RecordDeserializer<Long> number = r -> Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSource(FileSource.forRecords(file, number).build(), WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(() -> env.execute("bad-line")).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("cannot read the record at position 3 of file " + file)
                .hasMessageContaining("For input string: \"three\"");
    }

    /** A line of the JSON-lines test. */
    public record Payment(String account, java.math.BigDecimal amount) {
    }

    @Test
    void jsonLinesBecomeRecordsAndABadLineGoesToTheDeadLetters() throws Exception {
        Path file = arrive(dir.resolve("payments.jsonl"), """
                {"account":"a-1","amount":12.50}
                {"account":"a-2","amout":3}
                {"account":"a-3","amount":0.01}
                """);
        StreamEnvironment env = StreamEnvironment.create();
        CollectSink<Payment> payments = new CollectSink<>();
        CollectSink<io.sluice.api.connector.format.DeadLetter> letters = new CollectSink<>();
        var stream = env.fromSource(FileSource.forRecords(file, io.sluice.connectors.formats.Json.deserializer(Payment.class))
                .withBadRecordPolicy(io.sluice.api.connector.format.BadRecordPolicy.DEAD_LETTER).build(),
                WatermarkStrategy.noWatermarks(), "payments");
        stream.sinkTo(payments);
        stream.getSideOutput(io.sluice.api.connector.format.DeadLetter.TAG).sinkTo(letters);
        assertThat(env.execute("json-lines").status()).isEqualTo(JobStatus.FINISHED);

        assertThat(payments.values()).containsExactly(new Payment("a-1", new java.math.BigDecimal("12.50")),
                new Payment("a-3", new java.math.BigDecimal("0.01")));
        assertThat(letters.values()).singleElement().satisfies(d -> {
            assertThat(d.origin()).isEqualTo("file " + file);
            assertThat(d.position()).isEqualTo(2);
            assertThat(d.reason()).contains("unknown field 'amout'");
            assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("{\"account\":\"a-2\",\"amout\":3}");
        });
    }

    @Test
    void csvFilesWithAHeaderBecomeRecordsEveryFilesHeaderSkipped() throws Exception {
        Path in = dir.resolve("csv");
        arrive(in.resolve("day1.csv"), "account,amount\na-1,12.50\na-2,0.01\n");
        arrive(in.resolve("day2.csv"), "account,amount\r\na-3,7\r\n");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Payment> payments = new CollectSink<>();
        env.fromSource(FileSource.forRecords(in, io.sluice.connectors.formats.Csv.records(Payment.class).withHeader())
                .build(), WatermarkStrategy.noWatermarks(), "payments").sinkTo(payments);
        assertThat(env.execute("csv").status()).isEqualTo(JobStatus.FINISHED);
        assertThat(payments.values()).containsExactlyInAnyOrder(new Payment("a-1", new java.math.BigDecimal("12.50")),
                new Payment("a-2", new java.math.BigDecimal("0.01")), new Payment("a-3", new java.math.BigDecimal("7")));
    }

    @Test
    void aReaderRestoredFromItsSnapshotReadsOnFromTheExactLine() throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> all = lines("line-with-some-text-", 20_000);
        for (int i = 0; i < all.size(); i++) {
            text.append(all.get(i)).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        Path file = arrive(dir.resolve("big.txt"), text.toString());
        FileSource<String> source = FileSource.lines(file).build();

        RecordingOutput first = new RecordingOutput();
        SourceReader<String, FileSplit> reader = source.createReader(first);
        reader.addSplits(source.createSplits(1));
        while (first.lines.size() < 7_777) {
            reader.pollNext(first); // the file thread reads ahead; emitted lines count
        }
        List<FileSplit> snapshot = reader.snapshotState(1);
        reader.close();
        assertThat(snapshot).singleElement().satisfies(s -> {
            assertThat(s.nextLine()).isEqualTo(7_778);
            assertThat(s.finished()).isFalse();
        });

        RecordingOutput second = new RecordingOutput();
        SourceReader<String, FileSplit> restored = source.createReader(second);
        restored.addSplits(snapshot);
        InputStatus status;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        do {
            status = restored.pollNext(second);
            assertThat(System.nanoTime()).as("reading to the end").isLessThan(deadline);
        } while (status != InputStatus.END_OF_INPUT);
        assertThat(restored.snapshotState(2)).singleElement().satisfies(s -> assertThat(s.finished()).isTrue());
        restored.close();

        List<String> both = new ArrayList<>(first.lines);
        both.addAll(second.lines);
        assertThat(both).isEqualTo(all);
    }

    @Test
    void aMonitoredDirectoryIsReadAsFilesArriveEachOnceAlsoAfterARestore() throws Exception {
        Path in = Files.createDirectories(dir.resolve("incoming"));
        String store = UUID.randomUUID().toString();
        arrive(in.resolve("1.txt"), String.join("\n", lines("one-", 100)) + "\n");

        TransactionalCollectSink firstSink = new TransactionalCollectSink(store);
        JobClient job = monitor(in, firstSink, "");
        Path checkpoint;
        try {
            await("the first file read", () -> countOf(job) >= 100);
            arrive(in.resolve("2.txt"), String.join("\n", lines("two-", 100)) + "\n");
            await("the second file read", () -> countOf(job) >= 200);
            checkpoint = job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }

        arrive(in.resolve("3.txt"), String.join("\n", lines("three-", 100)) + "\n");
        TransactionalCollectSink sink = new TransactionalCollectSink(store);
        JobClient resumed = monitor(in, sink, checkpoint.toString());
        try {
            await("the third file read after the restore", () -> countOf(resumed) >= 100);
            resumed.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await("all committed", () -> sink.committed().size() >= 300);
        } finally {
            resumed.cancel();
            resumed.await(DEADLINE);
        }
        List<String> expected = new ArrayList<>(lines("one-", 100));
        expected.addAll(lines("two-", 100));
        expected.addAll(lines("three-", 100));
        assertThat(sink.committed()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(countOf(resumed)).as("lines the resumed run read: the third file only").isEqualTo(100);
    }

    private JobClient monitor(Path in, TransactionalCollectSink sink, String restoreFrom) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.RESTORE_FROM, restoreFrom);
        env.fromSource(FileSource.lines(in).monitorContinuously(Duration.ofMillis(20)).build(),
                        WatermarkStrategy.noWatermarks(), "files").uid("files")
                .sinkTo(sink).uid("sink");
        return env.executeAsync("monitor");
    }

    /** Records the job's source subtasks have emitted so far. */
    private static long countOf(JobClient job) {
        return job.metrics().tasks().stream().flatMap(t -> t.operators().stream())
                .filter(o -> o.operator().equals("files")).mapToLong(o -> o.recordsOut()).sum();
    }
}
