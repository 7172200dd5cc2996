package io.sluice.connectors.files;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.TwoPhaseCommitSink.Committer;
import io.sluice.api.connector.TwoPhaseCommitSink.PrecommittingWriter;
import io.sluice.api.serialization.TypeSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file sink's writer, committer and serializer on real files, without a runtime. */
class TwoPhaseCommitFileSinkTest {

    @TempDir
    Path dir;

    /** The committable serializer does not depend on the sink's directory. */
    private static final TypeSerializer<FileCommittable> SERIALIZER =
            TwoPhaseCommitFileSink.forLines(Path.of("unused")).build().committableSerializer();

    private Path out;

    /** The lineage of the job the writers of these tests belong to. */
    static final String LINEAGE = "00c0ffee00c0ffee";

    private TwoPhaseCommitFileSink<String> sink() {
        out = dir.resolve("out");
        return TwoPhaseCommitFileSink.forLines(out).build();
    }

    private static SinkContext subtask(int index) {
        return SinkContext.of(index, 2, "files", LINEAGE);
    }

    private static void writeAll(PrecommittingWriter<String, FileCommittable> writer, String... lines) throws Exception {
        for (String line : lines) {
            writer.write(line, Long.MIN_VALUE);
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- writing and committing ----------------------------------------------------------------

    @Test
    void shouldKeepAPreCommittedPartHiddenUntilItIsCommitted() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(1));
        writeAll(writer, "a", "b");

        Collection<FileCommittable> pending = writer.prepareCommit();

        assertThat(pending).hasSize(1);
        FileCommittable part = pending.iterator().next();
        assertThat(part.pendingFile()).startsWith(".part-1-").endsWith(".inprogress");
        assertThat(part.finalFile()).startsWith("part-1-").isEqualTo(part.pendingFile()
                .substring(1, part.pendingFile().length() - ".inprogress".length()));
        assertThat(names()).containsExactly(part.pendingFile());
        assertThat(Files.readString(out.resolve(part.pendingFile()))).as("flushed at prepareCommit").isEqualTo("a\nb\n");
        assertThat(CommittedFiles.list(out)).isEmpty();

        try (Committer<FileCommittable> committer = sink.createCommitter()) {
            committer.commit(pending);
        }

        assertThat(names()).containsExactly(part.finalFile());
        assertThat(CommittedFiles.readLines(out)).containsExactly("a", "b");
        writer.close();
    }

    @Test
    void shouldDiscardOnlyTheHiddenPartsOfItsOwnPrefixAndLineage() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        // what a killed run of this job left: an open part, and a pre-committed one never committed
        PrecommittingWriter<String, FileCommittable> killed = sink.createWriter(subtask(0));
        writeAll(killed, "pre-committed");
        FileCommittable preCommitted = killed.prepareCommit().iterator().next();
        writeAll(killed, "open");
        PrecommittingWriter<String, FileCommittable> other = sink.createWriter(subtask(1));
        writeAll(other, "committed");
        FileCommittable committed = other.prepareCommit().iterator().next();
        try (Committer<FileCommittable> committer = sink.createCommitter()) {
            committer.commit(List.of(committed));
        }
        // what others wrote: another lineage, another prefix, a file that only looks like a part
        List<String> others = List.of(".part-0-0123456789abcdef-0a1b2c3d4e5f-0.inprogress",
                ".orders-0-" + LINEAGE + "-0a1b2c3d4e5f-0.inprogress", ".part-x-" + LINEAGE + "-0a1b2c3d4e5f-0.inprogress",
                "part-0-" + LINEAGE + "-0a1b2c3d4e5f-9");
        for (String name : others) {
            Files.writeString(out.resolve(name), "someone else's");
        }
        List<String> before = names();
        List<String> ownHidden = before.stream().filter(n -> n.startsWith(".part-0-" + LINEAGE)).toList();
        assertThat(ownHidden).as("the killed run's parts").hasSize(2).contains(preCommitted.pendingFile());

        int discarded;
        try (Committer<FileCommittable> committer = sink.createCommitter()) {
            discarded = committer.discardLeftovers(LINEAGE);
        }

        assertThat(discarded).isEqualTo(2);
        assertThat(names()).containsExactlyInAnyOrderElementsOf(before.stream()
                .filter(n -> !ownHidden.contains(n)).toList());
        for (String name : others) {
            assertThat(Files.readString(out.resolve(name))).as(name).isEqualTo("someone else's");
        }
        assertThat(CommittedFiles.readLines(out)).contains("committed");
    }

    @Test
    void shouldWriteEachRecordAsOneUtf8LineThroughTheEncoder() throws Exception {
        out = dir.resolve("encoded");
        TwoPhaseCommitFileSink<Integer> sink = TwoPhaseCommitFileSink.forRows(out, (Integer i) -> "zählung " + i + " €")
                .build();
        PrecommittingWriter<Integer, FileCommittable> writer = sink.createWriter(subtask(0));
        writer.write(1, 0);
        writer.write(2, 0);
        sink.createCommitter().commit(writer.prepareCommit());

        Path part = CommittedFiles.list(out).get(0);
        assertThat(Files.readAllBytes(part)).isEqualTo("zählung 1 €\nzählung 2 €\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStartANewPartAfterEachPreCommitAndOpenNoFileWithoutRecords() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));

        assertThat(writer.prepareCommit()).as("nothing written, nothing to commit").isEmpty();
        assertThat(names()).as("no empty part is ever opened").isEmpty();

        writeAll(writer, "1");
        List<FileCommittable> first = new ArrayList<>(writer.prepareCommit());
        assertThat(writer.prepareCommit()).isEmpty();
        writeAll(writer, "2", "3");
        List<FileCommittable> second = new ArrayList<>(writer.prepareCommit());
        assertThat(names()).hasSize(2);

        Committer<FileCommittable> committer = sink.createCommitter();
        committer.commit(first);
        committer.commit(second);

        assertThat(first.get(0).finalFile()).isNotEqualTo(second.get(0).finalFile());
        assertThat(CommittedFiles.list(out)).hasSize(2);
        assertThat(CommittedFiles.readLines(out)).containsExactlyInAnyOrder("1", "2", "3");
        writer.close();
    }

    @Test
    void shouldNameEveryPartUniquelyAcrossWritersOfTheSameSubtask() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> attempt1 = sink.createWriter(subtask(0));
        PrecommittingWriter<String, FileCommittable> attempt2 = sink.createWriter(subtask(0)); // e.g. after a restart
        writeAll(attempt1, "x");
        writeAll(attempt2, "y");

        FileCommittable a = attempt1.prepareCommit().iterator().next();
        FileCommittable b = attempt2.prepareCommit().iterator().next();

        assertThat(a.pendingFile()).isNotEqualTo(b.pendingFile());
        assertThat(a.finalFile()).isNotEqualTo(b.finalFile());
        sink.createCommitter().commit(List.of(a, b));
        assertThat(CommittedFiles.readLines(out)).containsExactlyInAnyOrder("x", "y");
    }

    // ---- idempotence, abort, close ---------------------------------------------------------------

    @Test
    void shouldCommitIdempotentlyAfterARestore() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "once");
        Collection<FileCommittable> pending = writer.prepareCommit();
        sink.createCommitter().commit(pending);
        byte[] committed = Files.readAllBytes(CommittedFiles.list(out).get(0));

        // what a restored job does: read the committables back from the checkpoint, commit them again
        Collection<FileCommittable> restored = List.of(roundTrip(pending.iterator().next()));
        TwoPhaseCommitFileSink<String> copied = javaCopy(sink);
        copied.createCommitter().commit(restored);
        copied.createCommitter().commit(restored);

        assertThat(CommittedFiles.list(out)).hasSize(1);
        assertThat(Files.readAllBytes(CommittedFiles.list(out).get(0))).isEqualTo(committed);
        assertThat(names()).as("nothing hidden left").hasSize(1);
    }

    @Test
    void shouldFailNamingThePartWhenBothPendingAndCommittedFilesAreGone() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "lost");
        FileCommittable part = writer.prepareCommit().iterator().next();
        Files.delete(out.resolve(part.pendingFile()));

        assertThatThrownBy(() -> sink.createCommitter().commit(List.of(part)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot commit part file " + out.resolve(part.finalFile()))
                .hasMessageContaining("neither it nor its pending file " + out.resolve(part.pendingFile()));
    }

    @Test
    void shouldRefuseToOverwriteACommittedFile() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "new");
        FileCommittable part = writer.prepareCommit().iterator().next();
        Files.writeString(out.resolve(part.finalFile()), "old\n");

        assertThatThrownBy(() -> sink.createCommitter().commit(List.of(part)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot commit part file " + out.resolve(part.finalFile()) + ": it exists already");
        assertThat(Files.readString(out.resolve(part.finalFile()))).isEqualTo("old\n");
    }

    @Test
    void shouldDeletePendingFilesOnAbortAndLeaveCommittedOnes() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "kept");
        Collection<FileCommittable> committed = writer.prepareCommit();
        writeAll(writer, "dropped");
        Collection<FileCommittable> aborted = writer.prepareCommit();
        Committer<FileCommittable> committer = sink.createCommitter();
        committer.commit(committed);

        committer.abort(aborted);
        committer.abort(aborted); // nothing left to delete: no error
        committer.abort(committed); // committed parts are not pending any more: untouched

        assertThat(names()).containsExactly(committed.iterator().next().finalFile());
        assertThat(CommittedFiles.readLines(out)).containsExactly("kept");
    }

    @Test
    void shouldDiscardTheOpenPartOnCloseAndKeepPendingParts() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "pre-committed");
        FileCommittable pending = writer.prepareCommit().iterator().next();
        writeAll(writer, "never pre-committed");
        writer.flush(false);
        assertThat(names()).hasSize(2);

        writer.close();

        assertThat(names()).as("the open part is gone, the pending one stays for a restore")
                .containsExactly(pending.pendingFile());
        writer.close(); // twice: no error
    }

    @Test
    void shouldLeaveLeftoversOfAKilledRunAloneAndHideThemFromReaders() throws Exception {
        TwoPhaseCommitFileSink<String> sink = sink();
        // a run that was killed: one part committed, one pending (checkpoint never completed), one open
        PrecommittingWriter<String, FileCommittable> killed = sink.createWriter(subtask(0));
        writeAll(killed, "committed");
        sink.createCommitter().commit(killed.prepareCommit());
        writeAll(killed, "pending, never committed");
        FileCommittable orphan = killed.prepareCommit().iterator().next();
        writeAll(killed, "open when killed");
        killed.flush(false); // no close: the process died
        List<String> leftovers = names();
        assertThat(leftovers).hasSize(3);

        // the next run's writer of the same subtask starts beside them and deletes nothing
        PrecommittingWriter<String, FileCommittable> next = sink.createWriter(subtask(0));
        assertThat(names()).isEqualTo(leftovers);
        writeAll(next, "after restart");
        sink.createCommitter().commit(next.prepareCommit());
        next.close();

        assertThat(Files.exists(out.resolve(orphan.pendingFile()))).isTrue();
        assertThat(names().stream().filter(n -> n.startsWith("."))).hasSize(2);
        assertThat(CommittedFiles.list(out)).hasSize(2)
                .allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("part-0-"));
        assertThat(CommittedFiles.readLines(out)).containsExactlyInAnyOrder("committed", "after restart");
    }

    // ---- serializer, settings ---------------------------------------------------------------------

    @Test
    void shouldWriteTheCommittableAsTwoUtfStrings() throws Exception {
        FileCommittable c = new FileCommittable(".part-0-id-7.inprogress", "part-0-id-7");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SERIALIZER.serialize(c, new DataOutputStream(bytes));

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(in.readUTF()).isEqualTo(".part-0-id-7.inprogress");
        assertThat(in.readUTF()).isEqualTo("part-0-id-7");
        assertThat(in.available()).isZero();
        assertThat(roundTrip(c)).isEqualTo(c);
    }

    @Test
    void shouldRejectACommittableNamingAPathOutsideTheDirectory() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeUTF("../../etc/passwd");
        data.writeUTF("part-0-x-0");

        assertThatThrownBy(() -> SERIALIZER
                .deserialize(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt file sink committable")
                .hasMessageContaining("'../../etc/passwd'");
    }

    @Test
    void shouldRejectARecordWhoseLineHoldsALineBreak() throws Exception {
        PrecommittingWriter<String, FileCommittable> writer = sink().createWriter(subtask(0));

        assertThatThrownBy(() -> writer.write("two\nlines", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returned a line break at byte 3")
                .hasMessageContaining("escape or replace line breaks in the encoder");
        assertThatThrownBy(() -> writer.write(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returned null");
        writer.close();
    }

    @Test
    void shouldRollToANewPartOnceAPartHoldsItsSizeAndCommitThemAllWithTheNextCheckpoint() throws Exception {
        out = dir.resolve("rolled");
        TwoPhaseCommitFileSink<String> sink = TwoPhaseCommitFileSink.forLines(out).rollAfterBytes(100).build();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 95; i++) {
            lines.add(String.format("line-%04d", i)); // 10 bytes with its line break
        }
        writeAll(writer, lines.toArray(new String[0]));
        assertThat(CommittedFiles.list(out)).as("nothing visible before the checkpoint").isEmpty();

        Collection<FileCommittable> parts = writer.prepareCommit();
        assertThat(parts).hasSize(10);
        try (Committer<FileCommittable> committer = sink.createCommitter()) {
            committer.commit(parts);
        }
        assertThat(CommittedFiles.readLines(out)).isEqualTo(lines);
        for (java.nio.file.Path part : CommittedFiles.list(out)) {
            assertThat(Files.size(part)).as("size of %s", part.getFileName()).isLessThanOrEqualTo(100);
        }
        writer.close();
    }

    @Test
    void shouldRollAPartThatHasBeenOpenLongEnoughWhenTheNextRecordComes() throws Exception {
        out = dir.resolve("aged");
        TwoPhaseCommitFileSink<String> sink = TwoPhaseCommitFileSink.forLines(out)
                .rollAfterTime(java.time.Duration.ofMillis(1)).build();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "early");
        long openedAt = System.currentTimeMillis();
        while (System.currentTimeMillis() < openedAt + 2) {
            Thread.onSpinWait(); // the clock has to move past the part's age
        }
        writeAll(writer, "late");
        assertThat(writer.prepareCommit()).as("one part per record: the first was old enough to roll").hasSize(2);
        writer.close();
    }

    @Test
    void shouldDiscardPartsRolledSinceTheLastBarrierWhenClosedEarly() throws Exception {
        out = dir.resolve("discarded");
        TwoPhaseCommitFileSink<String> sink = TwoPhaseCommitFileSink.forLines(out).rollAfterBytes(5).build();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "aaaaa", "bbbbb", "ccccc");
        assertThat(names()).hasSize(3);
        writer.close();
        assertThat(names()).as("no checkpoint names them: gone").isEmpty();
    }

    @Test
    void shouldWriteRecordsThroughARecordSerializer() throws Exception {
        out = dir.resolve("serialized");
        TwoPhaseCommitFileSink<String> sink = TwoPhaseCommitFileSink
                .forRecords(out, io.sluice.api.connector.format.RecordSerializer.utf8()).build();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "{\"a\":1}", "{\"a\":2}");
        sink.createCommitter().commit(writer.prepareCommit());
        assertThat(CommittedFiles.readLines(out)).containsExactly("{\"a\":1}", "{\"a\":2}");
        assertThatThrownBy(() -> writer.write("{\"a\":\n3}", 0)).hasMessageContaining("returned a line break at byte 5");
        writer.close();
    }

    /** Delimited text as it is given, with a header: what the sink does with one, without a real format. */
    private static final class Delimited implements io.sluice.api.connector.format.DelimitedTextSerializer<String> {
        @Override
        public byte[] serialize(String element) {
            return element.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] headerLine() {
            return "name,note".getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldStartEveryPartWithTheHeaderOfADelimitedTextSerializerAndAllowQuotedLineBreaks() throws Exception {
        out = dir.resolve("delimited");
        TwoPhaseCommitFileSink<String> sink = TwoPhaseCommitFileSink.forRecords(out, new Delimited())
                .rollAfterBytes(30).build();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "a,\"two\nlines\"", "b,\"cr\r\nlf\"", "c,plain", "d,\"\"\"q\"\"\"");
        Collection<FileCommittable> parts = writer.prepareCommit();
        sink.createCommitter().commit(parts);

        List<String> contents = new ArrayList<>();
        for (Path part : CommittedFiles.list(out)) {
            contents.add(Files.readString(part));
        }
        assertThat(contents).as("a part rolls after the record that reaches 30 bytes, header included").containsExactly(
                "name,note\na,\"two\nlines\"\nb,\"cr\r\nlf\"\n",
                "name,note\nc,plain\nd,\"\"\"q\"\"\"\n");
        writer.close();
    }

    @Test
    void shouldRejectALineBreakOutsideQuotesOrAQuoteNeverClosedFromADelimitedTextSerializer() throws Exception {
        out = dir.resolve("delimited");
        PrecommittingWriter<String, FileCommittable> writer = TwoPhaseCommitFileSink.forRecords(out, new Delimited())
                .build().createWriter(subtask(0));
        assertThatThrownBy(() -> writer.write("a,\"b\"\nc", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returned a line break outside quotes at byte 5 for a,\"b\"\nc; each record is"
                        + " one line, with line breaks only inside quoted fields");
        assertThatThrownBy(() -> writer.write("a,\"b\nc", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returned a quote opened at byte 2 that is never closed");
        writer.close();
    }

    @Test
    void shouldWriteEachElementIntoItsBucketAndCommitAndDiscardThere() throws Exception {
        out = dir.resolve("bucketed");
        TwoPhaseCommitFileSink<String> sink = TwoPhaseCommitFileSink.forLines(out)
                .withBuckets((String line) -> "day=" + line.substring(0, 10)).build();
        PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
        writeAll(writer, "2024-03-01 a", "2024-03-02 b", "2024-03-01 c");
        Collection<FileCommittable> parts = writer.prepareCommit();
        assertThat(parts).extracting(FileCommittable::pendingFile)
                .allSatisfy(p -> assertThat(p).matches("day=2024-03-0[12]/\\.part-0-.*\\.inprogress"));
        assertThat(parts).hasSize(2);
        try (Committer<FileCommittable> committer = sink.createCommitter()) {
            committer.commit(parts);
            committer.commit(parts); // idempotent in buckets too
        }
        assertThat(CommittedFiles.list(out)).extracting(p -> out.relativize(p).getParent().toString())
                .containsExactly("day=2024-03-01", "day=2024-03-02");
        assertThat(Files.readAllLines(CommittedFiles.list(out).get(0))).containsExactly("2024-03-01 a", "2024-03-01 c");

        writeAll(writer, "2024-03-03 left open by a killed run");
        writer.flush(false);
        try (Committer<FileCommittable> committer = sink.createCommitter()) {
            assertThat(committer.discardLeftovers(LINEAGE)).as("a leftover in a bucket").isEqualTo(1);
        }
        assertThat(CommittedFiles.readLines(out)).containsExactlyInAnyOrder("2024-03-01 a", "2024-03-01 c",
                "2024-03-02 b");
        assertThatThrownBy(() -> writer.write("../../etc x", 0)).hasMessageContaining("returned 'day=../../etc '")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseABucketThatLeavesTheDirectoryOrHidesItself() throws Exception {
        out = dir.resolve("refused");
        for (String bucket : new String[] {"../x", "a/../b", "/abs", ".hidden", "a/_tmp", "", "a//b"}) {
            TwoPhaseCommitFileSink<String> sink = TwoPhaseCommitFileSink.forLines(out).withBuckets((String l) -> bucket)
                    .build();
            PrecommittingWriter<String, FileCommittable> writer = sink.createWriter(subtask(0));
            assertThatThrownBy(() -> writer.write("x", 0)).as("bucket '%s'", bucket)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a bucket is a relative directory");
            writer.close();
        }
    }

    @Test
    void shouldRejectAHiddenOrPathLikePartPrefix() {
        TwoPhaseCommitFileSink.Builder<String> builder = TwoPhaseCommitFileSink.forLines(dir);
        for (String bad : List.of("", ".hidden", "a/b", "a\\b")) {
            assertThatThrownBy(() -> builder.withPartPrefix(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("part prefix '" + bad + "'");
        }
    }

    @Test
    void shouldNamePartsAfterTheirPrefixAndListOnlyThatPrefix() throws Exception {
        out = dir.resolve("shared");
        TwoPhaseCommitFileSink<String> orders = TwoPhaseCommitFileSink.forLines(out).withPartPrefix("orders").build();
        TwoPhaseCommitFileSink<String> parts = TwoPhaseCommitFileSink.forLines(out).build();
        for (TwoPhaseCommitFileSink<String> s : List.of(orders, parts)) {
            PrecommittingWriter<String, FileCommittable> w = s.createWriter(subtask(0));
            writeAll(w, s.partPrefix());
            s.createCommitter().commit(w.prepareCommit());
        }

        assertThat(CommittedFiles.readLines(out, "orders")).containsExactly("orders");
        assertThat(CommittedFiles.readLines(out)).containsExactly("part");
        assertThat(orders.directory()).isEqualTo(out.toAbsolutePath());
    }

    private FileCommittable roundTrip(FileCommittable c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SERIALIZER.serialize(c, new DataOutputStream(bytes));
        return SERIALIZER.deserialize(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @SuppressWarnings("unchecked")
    private static <S> S javaCopy(S object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(object);
        }
        try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (S) i.readObject();
        }
    }
}
