package io.sluice.connectors.chronicle;

import io.sluice.api.connector.TwoPhaseCommitSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;

import static io.sluice.connectors.chronicle.TestQueues.committed;
import static io.sluice.connectors.chronicle.TestQueues.drain;
import static io.sluice.connectors.chronicle.TestQueues.write;
import static io.sluice.connectors.chronicle.TestQueues.writer;
import static org.assertj.core.api.Assertions.assertThat;

/** The exactly-once sink's writers and committer on a real queue, read back by {@link ChronicleCommittedReader}. */
class ChronicleCommittedReaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldDeliverOnlyCommittedEpochsInCommitOrderAndEachEpochInAppendOrder() throws Exception {
        Path q = dir.resolve("q");
        var a = writer(q, "jobA", 0);
        var b = writer(q, "jobA", 1);
        write(a, "a1");
        write(b, "b1");
        write(a, "a2");
        Collection<EpochCommittable> ca = a.prepareCommit();
        Collection<EpochCommittable> cb = b.prepareCommit();
        write(a, "a3"); // epoch 1 of a: never committed
        try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
            try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(q, QueuePosition.START)) {
                assertThat(drain(reader, 10)).as("nothing committed yet").isEmpty();
                assertThat(reader.openEpochs()).isEqualTo(3);
                committer.commit(cb);
                committer.commit(ca);
                assertThat(drain(reader, 10)).containsExactly("b1", "a1", "a2");
                assertThat(reader.openEpochs()).as("a's epoch 1 is open").isEqualTo(1);
            }
        }
        assertThat(ca).containsExactly(new EpochCommittable(((EpochSinkWriter<?>) a).writerId(), 0));
        assertThat(((EpochSinkWriter<?>) a).writerId()).matches("jobA-0-[0-9a-f]{12}");
        assertThat(a.prepareCommit()).extracting(EpochCommittable::epoch).containsExactly(1L);
        assertThat(a.prepareCommit()).as("an epoch without records is not committed").isEmpty();
    }

    @Test
    void shouldIgnoreARepeatedCommit() throws Exception {
        Path q = dir.resolve("q");
        var w = writer(q, "job", 0);
        write(w, "x", "y");
        Collection<EpochCommittable> c0 = w.prepareCommit();
        write(w, "z");
        Collection<EpochCommittable> c1 = w.prepareCommit();
        try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
            committer.commit(c0);
            committer.commit(c0);
            committer.commit(c1);
            committer.commit(c0);
            committer.commit(c1);
        }
        assertThat(committed(q)).containsExactly("x", "y", "z");
    }

    @Test
    void shouldNeverDeliverTheOpenEpochsOfAnAbortedLineage() throws Exception {
        Path q = dir.resolve("q");
        var killed = writer(q, "job", 0);       // a run killed with an open epoch and a pre-committed one
        var other = writer(q, "otherJob", 0);   // another job writing the same queue
        write(killed, "k1");
        Collection<EpochCommittable> preCommitted = killed.prepareCommit();
        write(killed, "k2");
        write(other, "o1");
        var sink = TestQueues.exactlyOnce(q);
        try (var committer = sink.createCommitter()) {
            assertThat(committer.discardLeftovers("job")).isZero();
            committer.commit(preCommitted); // a commit after the marker must not revive the epoch
            var resumed = writer(q, "job", 0);
            write(resumed, "r1");
            committer.commit(resumed.prepareCommit());
            committer.commit(other.prepareCommit());
        }
        assertThat(committed(q)).containsExactly("r1", "o1");
    }

    @Test
    void shouldAbortTheOpenEpochOfAClosedWriterAndAbortedCommittables() throws Exception {
        Path q = dir.resolve("q");
        var w = writer(q, "job", 0);
        write(w, "a");
        Collection<EpochCommittable> c0 = w.prepareCommit();
        write(w, "b");
        w.close();
        try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
            committer.abort(c0);
            try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(q, QueuePosition.START)) {
                assertThat(drain(reader, 10)).isEmpty();
                assertThat(reader.openEpochs()).as("both epochs were aborted").isZero();
            }
        }
    }

    @Test
    void shouldDeliverPlainRecordsAsTheyComeAndForeignDocumentsAsMalformed() throws Exception {
        Path q = dir.resolve("q");
        var w = writer(q, "job", 0);
        write(w, "e1");
        TestQueues.appendPlain(q, "p1");
        long foreign = TestQueues.appendForeign(q, new byte[] {42, 1, 2});
        var c = w.prepareCommit();
        try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
            committer.commit(c);
        }
        List<QueueRecordSummary> seen = new ArrayList<>();
        try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(q, QueuePosition.START)) {
            while (reader.poll(5, r -> seen.add(QueueRecordSummary.of(r))) > 0) {
                // to the end
            }
        }
        assertThat(seen).extracting(QueueRecordSummary::text).containsExactly("p1", "*\u0001\u0002", "e1");
        assertThat(seen.get(1).index()).isEqualTo(foreign);
        assertThat(seen.get(1).malformed()).contains("format version byte 42");
        assertThat(seen.get(0).malformed()).isNull();
        assertThat(seen.get(2).writerId()).startsWith("job-0-");
    }

    /**
     * Many writers, epochs of random sizes interleaved with plain records, commits in random order
     * (some repeated, some epochs aborted or left open), read one record per poll and restarted from
     * its position at random points: every committed record comes once, in the order of a reader
     * that never stopped.
     */
    @Test
    void shouldDeliverEveryCommittedRecordExactlyOnceAcrossRestartsFromItsPosition() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            Path q = dir.resolve("q" + seed);
            Random random = new Random(seed);
            List<String> expected = writeRandomHistory(q, random);

            List<String> uninterrupted = committed(q);
            assertThat(uninterrupted).as("seed %d: one reader", seed).containsExactlyElementsOf(expected);

            List<String> got = new ArrayList<>();
            QueuePosition position = QueuePosition.START;
            int restarts = 0;
            boolean more = true;
            while (more) {
                try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(q, position)) {
                    int polls = 1 + random.nextInt(8);
                    more = false;
                    for (int i = 0; i < polls; i++) {
                        if (reader.poll(1, r -> got.add(new String(r.value(), StandardCharsets.UTF_8))) > 0) {
                            more = true;
                        } else {
                            more = false;
                            break;
                        }
                    }
                    position = reader.position();
                    restarts++;
                }
            }
            assertThat(got).as("seed %d: a reader restarted %d times from its position", seed, restarts)
                    .containsExactlyElementsOf(expected);
            assertThat(restarts).isGreaterThan(10);
        }
    }

    /** Writes a random history into {@code q}; returns the committed records in commit order. */
    private static List<String> writeRandomHistory(Path q, Random random) throws Exception {
        int writers = 3;
        List<TwoPhaseCommitSink.PrecommittingWriter<String, EpochCommittable>> ws = new ArrayList<>();
        List<List<String>> openRecords = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            ws.add(writer(q, i == 2 ? "other" : "job", i));
            openRecords.add(new ArrayList<>());
        }
        List<EpochCommittable> pending = new ArrayList<>();
        List<List<String>> pendingRecords = new ArrayList<>();
        List<EpochCommittable> done = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int n = 0;
        try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
            for (int step = 0; step < 400; step++) {
                int action = random.nextInt(10);
                int w = random.nextInt(writers);
                if (action < 6) {
                    String v = "w" + w + "-" + (n++);
                    write(ws.get(w), v);
                    openRecords.get(w).add(v);
                } else if (action == 6) {
                    String v = "plain-" + (n++);
                    TestQueues.appendPlain(q, v);
                    expected.add(v);
                } else if (action == 7) {
                    Collection<EpochCommittable> c = ws.get(w).prepareCommit();
                    if (!c.isEmpty()) {
                        pending.add(c.iterator().next());
                        pendingRecords.add(new ArrayList<>(openRecords.get(w)));
                        openRecords.get(w).clear();
                    }
                } else if (action == 8 && !pending.isEmpty()) {
                    int i = random.nextInt(pending.size());
                    EpochCommittable c = pending.remove(i);
                    List<String> records = pendingRecords.remove(i);
                    if (random.nextInt(5) == 0) {
                        committer.abort(List.of(c));
                    } else {
                        committer.commit(List.of(c));
                        expected.addAll(records);
                        done.add(c);
                    }
                } else if (action == 9 && !done.isEmpty()) {
                    committer.commit(List.of(done.get(random.nextInt(done.size())))); // a repeated commit
                }
            }
        }
        return expected;
    }

    record QueueRecordSummary(String text, long index, String writerId, String malformed) {
        static QueueRecordSummary of(QueueRecord r) {
            return new QueueRecordSummary(new String(r.value(), StandardCharsets.ISO_8859_1), r.position(), r.writerId(),
                    r.malformedReason());
        }
    }
}
