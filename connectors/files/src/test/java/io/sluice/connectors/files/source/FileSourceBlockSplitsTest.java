package io.sluice.connectors.files.source;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.DeadLetter;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.formats.Csv;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Large files cut into blocks: read in parallel, every line once, across restores too. */
class FileSourceBlockSplitsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /**
     * About {@code bytes} of lines, from {@code seed}: numbered lines of ASCII and multi-byte text
     * (some longer than a small block), empty lines, some CRLF line ends, and a last line without a
     * line break.
     */
    private static String generated(long seed, int bytes) {
        String[] words = {"alpha", "é", "😀", "中文", "a,b", "\"q\"", " ", "ü", "xyz"};
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(bytes + 1024);
        for (int i = 0; text.length() < bytes; i++) {
            if (i % 11 != 5) { // every eleventh line empty
                text.append(seed).append('-').append(i).append(':');
                int n = random.nextInt(i % 97 == 0 ? 2000 : 20);
                for (int w = 0; w < n; w++) {
                    text.append(words[random.nextInt(words.length)]);
                }
            }
            text.append(i % 5 == 0 ? "\r\n" : "\n");
        }
        return text.append("the last line, without a line break").toString();
    }

    /** The lines of {@code text}: split at '\n', a '\r' before it dropped, nothing after a final '\n'. */
    private static List<String> linesOf(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int lf = text.indexOf('\n', from);
            int end = lf < 0 ? text.length() : lf;
            String line = text.substring(from, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            from = end + 1;
        }
        return lines;
    }

    /** Each element with the number of times it occurs: compared, two lists hold the same elements as often. */
    private static <T> Map<T, Long> counts(Collection<T> elements) {
        return elements.stream().collect(Collectors.groupingBy(e -> e, HashMap::new, Collectors.counting()));
    }

    private Path arrive(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Path tmp = Files.writeString(dir.resolve("tmp-" + UUID.randomUUID()), text, StandardCharsets.UTF_8);
        return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5); // polling a condition with a deadline
        }
    }

    // ---- a job reads every line once ------------------------------------------------------------

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aLargeFileCutIntoBlocksGivesEveryLineExactlyOnce(int parallelism) throws Exception {
        String text = generated(parallelism, 3 << 20);
        Path file = arrive(dir.resolve("big.txt"), text);
        List<String> expected = linesOf(text);
        FileSource<String> source = FileSource.lines(file).blockSize(4096).build();
        assertThat(source.createSplits(parallelism)).as("blocks of the file")
                .hasSize((int) ((Files.size(file) + 4095) / 4096)).allSatisfy(s -> assertThat(s.isBlock()).isTrue());

        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "lines").sinkTo(sink);
        JobResult result = env.execute("blocks");

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(sink.size()).isEqualTo(expected.size());
        assertThat(counts(sink.values())).isEqualTo(counts(expected));
        List<OperatorMetrics> subtasks = result.metrics().tasks().stream().flatMap(t -> t.operators().stream())
                .filter(o -> o.operator().equals("lines")).toList();
        assertThat(subtasks).as("every subtask read a share of the file").hasSize(parallelism)
                .allSatisfy(o -> assertThat(o.recordsOut()).isGreaterThan(expected.size() / (2L * parallelism)));
    }

    /** A line of the CSV test. */
    public record Payment(String account, BigDecimal amount) {
    }

    @Test
    void aCsvFileWithAHeaderCutIntoBlocksSkipsTheHeaderOnceAndReadsEveryRow() throws Exception {
        StringBuilder text = new StringBuilder("account,amount\n");
        List<Payment> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Payment p = new Payment("a-" + i + (i % 3 == 0 ? " é" : ""), new BigDecimal(i + ".01"));
            expected.add(p);
            text.append(i % 7 == 0 ? "\"" + p.account() + "\"" : p.account()).append(',').append(p.amount())
                    .append(i % 2 == 0 ? "\r\n" : "\n");
        }
        Path file = arrive(dir.resolve("payments.csv"), text.toString());
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        CollectSink<Payment> payments = new CollectSink<>();
        CollectSink<DeadLetter> letters = new CollectSink<>();
        var stream = env.fromSource(FileSource.forRecords(file, Csv.records(Payment.class).withHeader())
                .blockSize(1024).withBadRecordPolicy(BadRecordPolicy.DEAD_LETTER).build(),
                WatermarkStrategy.noWatermarks(), "payments");
        stream.sinkTo(payments);
        stream.getSideOutput(DeadLetter.TAG).sinkTo(letters);
        assertThat(env.execute("csv-blocks").status()).isEqualTo(JobStatus.FINISHED);

        assertThat(letters.values()).as("the header is not a bad record, nor a cut line").isEmpty();
        assertThat(payments.size()).isEqualTo(expected.size());
        assertThat(counts(payments.values())).isEqualTo(counts(expected));
    }

    // ---- bad records name the file and the byte offset -----------------------------------------

    private String numbersWithABadLine(int badLine) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            text.append(i == badLine ? "three" : Integer.toString(i)).append('\n');
        }
        return text.toString();
    }

    private static final RecordDeserializer<Long> NUMBER =
            r -> Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));

    @Test
    void aBadLineInABlockIsNamedByItsFileAndTheByteOffsetWhereItStarts() throws Exception {
        String text = numbersWithABadLine(4000);
        long offset = text.indexOf("three"); // ASCII: characters are bytes
        Path file = arrive(dir.resolve("numbers.txt"), text);

        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Long> numbers = new CollectSink<>();
        CollectSink<DeadLetter> letters = new CollectSink<>();
        var stream = env.fromSource(FileSource.forRecords(file, NUMBER).blockSize(512)
                .withBadRecordPolicy(BadRecordPolicy.DEAD_LETTER).build(), WatermarkStrategy.noWatermarks(), "numbers");
        stream.sinkTo(numbers);
        stream.getSideOutput(DeadLetter.TAG).sinkTo(letters);
        assertThat(env.execute("bad-line-in-a-block").status()).isEqualTo(JobStatus.FINISHED);

        assertThat(numbers.size()).isEqualTo(4999);
        assertThat(letters.values()).singleElement().satisfies(d -> {
            assertThat(d.origin()).isEqualTo("file " + file + " (the position is the line's byte offset)");
            assertThat(d.position()).isEqualTo(offset);
            assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("three");
        });

        StreamEnvironment failing = StreamEnvironment.create();
        failing.fromSource(FileSource.forRecords(file, NUMBER).blockSize(512).build(), WatermarkStrategy.noWatermarks(),
                "numbers").sinkTo(new CollectSink<>());
        assertThatThrownBy(() -> failing.execute("bad-line-fails")).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("cannot read the record at position " + offset + " of file " + file
                        + " (the position is the line's byte offset): NumberFormatException");
    }

    // ---- restores ------------------------------------------------------------------------------

    private static byte[] bytesOf(List<FileSplit> splits) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(splits.size());
        for (FileSplit split : splits) {
            new FileSplitSerializer().serialize(split, out);
        }
        return bytes.toByteArray();
    }

    private static List<FileSplit> splitsOf(byte[] bytes) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        List<FileSplit> splits = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            splits.add(new FileSplitSerializer().deserialize(in));
        }
        return splits;
    }

    private static void readToTheEnd(SourceReader<String, FileSplit> reader, RecordingOutput output) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (reader.pollNext(output) != InputStatus.END_OF_INPUT) {
            assertThat(System.nanoTime()).as("reading to the end").isLessThan(deadline);
        }
    }

    @Test
    void readersRestoredFromSnapshotsTakenMidBlockReadEachRemainingLineOnce() throws Exception {
        String text = generated(7, 300_000);
        Path file = arrive(dir.resolve("big.txt"), text);
        List<String> expected = linesOf(text);
        FileSource<String> source = FileSource.lines(file).blockSize(2048).build();
        int parallelism = 3;
        List<FileSplit> all = source.createSplits(parallelism);
        int[] cuts = {500, 777, 1001}; // lines each subtask emits before its snapshot

        List<String> read = new ArrayList<>();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            List<FileSplit> own = new ArrayList<>();
            for (int i = subtask; i < all.size(); i += parallelism) {
                own.add(all.get(i));
            }
            RecordingOutput first = new RecordingOutput();
            SourceReader<String, FileSplit> reader = source.createReader(first);
            reader.addSplits(own);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (first.lines.size() < cuts[subtask]) {
                assertThat(reader.pollNext(first)).as("subtask %d ended before its cut", subtask)
                        .isNotEqualTo(InputStatus.END_OF_INPUT);
                assertThat(System.nanoTime()).isLessThan(deadline);
            }
            List<FileSplit> snapshot = reader.snapshotState(1);
            reader.close();
            assertThat(snapshot).as("every split of the subtask, one of them part read").hasSize(own.size())
                    .anySatisfy(s -> {
                        assertThat(s.finished()).isFalse();
                        assertThat(s.offset()).isGreaterThan(s.start());
                    });

            RecordingOutput second = new RecordingOutput();
            SourceReader<String, FileSplit> restored = source.createReader(second);
            restored.addSplits(splitsOf(bytesOf(snapshot)));
            readToTheEnd(restored, second);
            assertThat(restored.snapshotState(2)).hasSize(own.size()).allSatisfy(s -> assertThat(s.finished()).isTrue());
            restored.close();
            read.addAll(first.lines);
            read.addAll(second.lines);
        }
        assertThat(read.size()).isEqualTo(expected.size());
        assertThat(counts(read)).isEqualTo(counts(expected));
    }

    @Test
    void aJobRestoredAtAnotherParallelismFromACheckpointTakenMidFileCommitsEveryLineOnce() throws Exception {
        String text = generated(3, 600_000);
        Path file = arrive(dir.resolve("big.txt"), text);
        List<String> expected = linesOf(text);
        String store = UUID.randomUUID().toString();

        TransactionalCollectSink firstSink = new TransactionalCollectSink(store);
        JobClient job = readBlocks(file, firstSink, 2, "", true);
        try {
            await("a third of the file read", () -> countOf(job) >= expected.size() / 3);
            Path checkpoint = job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await("the checkpoint's lines committed", () -> !firstSink.committed().isEmpty());
            job.cancel();
            job.await(DEADLINE);
            assertThat(firstSink.committed().size()).as("the checkpoint was taken mid-file")
                    .isLessThan(expected.size());

            TransactionalCollectSink sink = new TransactionalCollectSink(store);
            JobClient resumed = readBlocks(file, sink, 3, checkpoint.toString(), false);
            assertThat(resumed.await(DEADLINE).status()).isEqualTo(JobStatus.FINISHED);
            assertThat(sink.committed()).hasSize(expected.size());
            assertThat(counts(sink.committed())).isEqualTo(counts(expected));
        } finally {
            job.cancel();
        }
    }

    private JobClient readBlocks(Path file, TransactionalCollectSink sink, int parallelism, String restoreFrom,
                                 boolean slowly) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.RESTORE_FROM, restoreFrom);
        env.fromSource(FileSource.lines(file).blockSize(8192).build(), WatermarkStrategy.noWatermarks(), "files")
                .uid("files")
                .map(line -> {
                    if (slowly) {
                        LockSupport.parkNanos(50_000); // the first run reads slowly enough to be stopped mid-file
                    }
                    return line;
                }).uid("pace")
                .sinkTo(sink).uid("sink");
        return env.executeAsync("blocks-restore");
    }

    @Test
    void aLargeFileArrivingInAMonitoredDirectoryIsReadInBlocksAndNotAgainAfterARestore() throws Exception {
        Path in = Files.createDirectories(dir.resolve("incoming"));
        String store = UUID.randomUUID().toString();
        List<String> one = linesOf(generated(1, 200_000));
        arrive(in.resolve("1.txt"), generated(1, 200_000));

        TransactionalCollectSink firstSink = new TransactionalCollectSink(store);
        JobClient job = monitor(in, firstSink, "");
        Path checkpoint;
        try {
            await("the first file read", () -> countOf(job) >= one.size());
            checkpoint = job.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            job.cancel();
            job.await(DEADLINE);
        }

        List<String> two = linesOf(generated(2, 100_000));
        arrive(in.resolve("2.txt"), generated(2, 100_000));
        TransactionalCollectSink sink = new TransactionalCollectSink(store);
        JobClient resumed = monitor(in, sink, checkpoint.toString());
        try {
            await("the second file read after the restore", () -> countOf(resumed) >= two.size());
            resumed.triggerCheckpoint().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await("all committed", () -> sink.committed().size() >= one.size() + two.size());
        } finally {
            resumed.cancel();
            resumed.await(DEADLINE);
        }
        List<String> expected = new ArrayList<>(one);
        expected.addAll(two);
        assertThat(sink.committed()).hasSize(expected.size());
        assertThat(counts(sink.committed())).isEqualTo(counts(expected));
        assertThat(countOf(resumed)).as("lines the resumed run read: the second file only").isEqualTo(two.size());
    }

    private JobClient monitor(Path in, TransactionalCollectSink sink, String restoreFrom) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.RESTORE_FROM, restoreFrom);
        env.fromSource(FileSource.lines(in).blockSize(4096).monitorContinuously(Duration.ofMillis(20)).build(),
                        WatermarkStrategy.noWatermarks(), "files").uid("files")
                .sinkTo(sink).uid("sink");
        return env.executeAsync("monitor-blocks");
    }

    /** Records the job's source subtasks have emitted so far. */
    private static long countOf(JobClient job) {
        return job.metrics().tasks().stream().flatMap(t -> t.operators().stream())
                .filter(o -> o.operator().equals("files")).mapToLong(OperatorMetrics::recordsOut).sum();
    }

    // ---- settings ------------------------------------------------------------------------------

    @Test
    void filesUpToTheBlockSizeAndAllFilesWithWholeFilesAreOneSplitEach() throws Exception {
        Path file = arrive(dir.resolve("f.txt"), "a\n".repeat(5000)); // 10,000 bytes
        assertThat(FileSource.lines(file).build().createSplits(2)).as("the default block size: 64 MiB").hasSize(1);
        assertThat(FileSource.lines(file).blockSize(10_000).build().createSplits(2)).hasSize(1);
        assertThat(FileSource.lines(file).blockSize(9_999).build().createSplits(2)).hasSize(2);
        assertThat(FileSource.lines(file).blockSize(1000).wholeFiles().build().createSplits(2)).singleElement()
                .satisfies(s -> assertThat(s.isBlock()).isFalse());
        assertThat(FileSource.lines(file).quotedLineBreaks().build().createSplits(2)).singleElement()
                .satisfies(s -> assertThat(s.isBlock()).isFalse());
    }

    @Test
    void aBlockSizeBelowOneByteAndBlocksOfQuotedRecordsAreRefused() {
        Path file = dir.resolve("f.csv");
        assertThatThrownBy(() -> FileSource.lines(file).blockSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the block size of the file source for " + file + " must be at least 1 byte, got 0;"
                        + " use wholeFiles() to read every file whole");
        assertThatThrownBy(() -> FileSource.lines(file).quotedLineBreaks().blockSize(1 << 20).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the file source for " + file + " reads records with quoted line breaks, which cannot be"
                        + " cut into blocks (a block cannot tell whether it starts inside quotes); remove"
                        + " blockSize(1048576)");
    }
}
