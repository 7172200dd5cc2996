package io.sluice.connectors.chronicle;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.DeadLetter;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static io.sluice.connectors.chronicle.TestQueues.write;
import static io.sluice.connectors.chronicle.TestQueues.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** {@link ChronicleQueueSource} in real jobs, on the runtime of the test class path. */
class ChronicleQueueSourceJobTest {

    private static final long DEADLINE_MS = 60_000;

    @TempDir
    Path dir;

    /** A queue with committed epochs, an open one, an aborted one and plain records. */
    private Path mixedQueue() throws Exception {
        Path q = dir.resolve("in");
        var w = writer(q, "job", 0);
        write(w, "c1", "c2");
        var c0 = w.prepareCommit();
        TestQueues.appendPlain(q, "p1");
        write(w, "x1");
        var aborted = w.prepareCommit();
        write(w, "open1");
        try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
            committer.commit(c0);
            committer.abort(aborted);
        }
        return q;
    }

    private static ChronicleQueueSource.Builder<String> utf8(Path q) {
        return ChronicleQueueSource.forRecords(q, RecordDeserializer.utf8());
    }

    private static <T> List<T> runBounded(ChronicleQueueSource<T> source, int parallelism) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        CollectSink<T> out = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "queue").sinkTo(out);
        assertThat(env.executeAsync("bounded").await(Duration.ofMillis(DEADLINE_MS)).status())
                .isEqualTo(JobStatus.FINISHED);
        return out.values();
    }

    @Test
    void shouldReadCommittedRecordsOfABoundedQueueFromTheStart() throws Exception {
        Path q = mixedQueue();
        assertThat(runBounded(utf8(q).bounded().build(), 2)).containsExactly("p1", "c1", "c2");
    }

    @Test
    void shouldReadEveryRecordRawFromAnIndex() throws Exception {
        Path q = mixedQueue();
        assertThat(runBounded(utf8(q).bounded().readRaw().build(), 1)).containsExactly("c1", "c2", "p1", "x1", "open1");
        long p1 = TestQueues.appendPlain(q, "p2", "p3").get(0);
        assertThat(runBounded(utf8(q).bounded().readRaw().startingAt(p1).build(), 1)).containsExactly("p2", "p3");
        assertThat(runBounded(utf8(q).bounded().startingAt(p1).build(), 1)).containsExactly("p2", "p3");
    }

    @Test
    void shouldDeliverEpochsCommittedAfterTheStartIndexEvenWithRecordsBeforeIt() throws Exception {
        Path q = dir.resolve("in");
        var w = writer(q, "job", 0);
        write(w, "before");
        var c = w.prepareCommit();
        long start = TestQueues.appendPlain(q, "p").get(0);
        try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
            committer.commit(c);
        }
        assertThat(runBounded(utf8(q).bounded().startingAt(start).build(), 1)).containsExactly("p", "before");
        assertThat(runBounded(utf8(q).bounded().startingFromEnd().build(), 1)).isEmpty();
    }

    @Test
    void shouldTailAnUnboundedQueueFromItsEnd() throws Exception {
        Path q = mixedQueue();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<String> out = new CollectSink<>();
        env.fromSource(utf8(q).startingFromEnd().build(), WatermarkStrategy.noWatermarks(), "queue").sinkTo(out);
        JobClient job = env.executeAsync("tail");
        try {
            var w = writer(q, "writer", 0);
            write(w, "n1", "n2");
            try (var committer = TestQueues.exactlyOnce(q).createCommitter()) {
                committer.commit(w.prepareCommit());
            }
            TestQueues.appendPlain(q, "n3");
            TestQueues.await("three records tailed", DEADLINE_MS, () -> out.size() >= 3);
        } finally {
            job.cancel();
        }
        job.await(Duration.ofMillis(DEADLINE_MS));
        assertThat(out.values()).containsExactly("n1", "n2", "n3");
    }

    /**
     * Queue to queue with checkpoints: the first run is cancelled mid-stream, more input arrives, and
     * the second run resumes from the first run's newest checkpoint. The output queue then holds every
     * input record exactly once.
     */
    @Test
    void shouldResumeFromACheckpointAndCopyEveryRecordExactlyOnce() throws Exception {
        Path in = dir.resolve("in");
        Path outQueue = dir.resolve("out");
        Path checkpoints = dir.resolve("checkpoints");
        int first = 20_000;
        TestQueues.appendPlain(in, IntStream.range(0, first).mapToObj(i -> "v" + i).toArray(String[]::new));

        JobClient run1 = copyJob(in, outQueue, checkpoints, "");
        TestQueues.await("two checkpoints and some output", DEADLINE_MS,
                () -> run1.checkpointMetrics().completed() >= 2 && !TestQueues.committedQuietly(outQueue).isEmpty());
        run1.cancel();
        run1.await(Duration.ofMillis(DEADLINE_MS));
        int afterRun1 = TestQueues.committed(outQueue).size();

        int total = 30_000;
        TestQueues.appendPlain(in, IntStream.range(first, total).mapToObj(i -> "v" + i).toArray(String[]::new));
        JobClient run2 = copyJob(in, outQueue, checkpoints, checkpoints.toString());
        try {
            TestQueues.await("every record copied", DEADLINE_MS,
                    () -> TestQueues.committedQuietly(outQueue).size() >= total);
        } finally {
            run2.cancel();
            run2.await(Duration.ofMillis(DEADLINE_MS));
        }
        assertThat(run2.checkpointMetrics().lastRestoredId()).as("the second run restored").isPositive();
        assertThat(afterRun1).as("the first run was cancelled mid-stream").isLessThan(total);
        assertThat(TestQueues.committed(outQueue))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, total).mapToObj(i -> "v" + i).toList());
    }

    private static JobClient copyJob(Path in, Path out, Path checkpoints, String restoreFrom) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, checkpoints.toString());
        if (!restoreFrom.isEmpty()) {
            env.config().set(CheckpointingOptions.RESTORE_FROM, restoreFrom);
        }
        env.fromSource(utf8(in).build(), WatermarkStrategy.noWatermarks(), "queue").uid("queue")
                .rebalance()
                .map(new SlowIdentity()).uid("slow")
                .sinkTo(ChronicleQueueSink.forRecords(out, RecordSerializer.utf8()).build()).uid("sink");
        return env.executeAsync("copy");
    }

    /** Slows the copy down so that the first run is cancelled mid-stream; a spin, never a sleep. */
    static final class SlowIdentity implements io.sluice.api.functions.MapFunction<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(String value) {
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return value;
        }
    }

    @Test
    void shouldFailOnABadRecordUnderFail() throws Exception {
        Path q = badQueue();
        assertThatThrownBy(() -> runBounded(numbers(q, BadRecordPolicy.FAIL), 1))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("of queue " + q.toAbsolutePath())
                .hasMessageContaining("For input string: \"three\"");
    }

    @Test
    void shouldSkipBadRecordsUnderSkip() throws Exception {
        Path q = badQueue();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> out = new CollectSink<>();
        env.fromSource(numbers(q, BadRecordPolicy.SKIP), WatermarkStrategy.noWatermarks(), "queue").sinkTo(out);
        assertThat(env.execute("skip").status()).isEqualTo(JobStatus.FINISHED);
        assertThat(out.values()).containsExactly(1L, 2L, 4L);
    }

    @Test
    void shouldSendBadRecordsAndForeignDocumentsToTheDeadLetterSideOutput() throws Exception {
        Path q = dir.resolve("bad");
        List<Long> plain = TestQueues.appendPlain(q, "1", "2", "three");
        long foreign = TestQueues.appendForeign(q, new byte[] {9, 9});
        TestQueues.appendPlain(q, "4");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> out = new CollectSink<>();
        CollectSink<DeadLetter> letters = new CollectSink<>();
        var stream = env.fromSource(numbers(q, BadRecordPolicy.DEAD_LETTER), WatermarkStrategy.noWatermarks(), "queue");
        stream.sinkTo(out);
        stream.getSideOutput(DeadLetter.TAG).sinkTo(letters);
        assertThat(env.execute("dead letters").status()).isEqualTo(JobStatus.FINISHED);
        assertThat(out.values()).containsExactly(1L, 2L, 4L);
        String origin = "queue " + q.toAbsolutePath();
        assertThat(letters.values()).extracting(DeadLetter::position, DeadLetter::origin)
                .containsExactly(tuple(plain.get(2), origin), tuple(foreign, origin));
        assertThat(new String(letters.values().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("three");
        assertThat(letters.values().get(1).value()).containsExactly(9, 9);
        assertThat(letters.values().get(1).reason()).contains("not a Sluice document");
    }

    private Path badQueue() throws Exception {
        Path q = dir.resolve("bad");
        TestQueues.appendPlain(q, "1", "2", "three", "4");
        return q;
    }

    private static ChronicleQueueSource<Long> numbers(Path q, BadRecordPolicy policy) {
        return ChronicleQueueSource.forRecords(q, r -> Long.parseLong(new String(r.value(), StandardCharsets.UTF_8)))
                .bounded().withBadRecordPolicy(policy).build();
    }
}
