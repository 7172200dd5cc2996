package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CheckpointStats;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.HarnessMain;
import io.sluice.benchmarks.harness.Result;
import io.sluice.benchmarks.harness.RunClock;
import io.sluice.benchmarks.harness.RunConfig;
import io.sluice.benchmarks.harness.Workload;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.io.InputStatus;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlinkEngineTest {

    private static RunConfig config(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--engine";
        all[1] = "flink";
        System.arraycopy(args, 0, all, 2, args.length);
        return RunConfig.parse(all);
    }

    private static Result run(RunConfig config) throws Exception {
        Result result = HarnessMain.runOnce(new FlinkEngine(), config); // throws unless the output is exact
        assertEquals(config.workload(), result.workload());
        assertTrue(result.eventsPerSecond() > 0, "events_per_s " + result.eventsPerSecond());
        return result;
    }

    // ---- whole jobs on a MiniCluster ----

    @Test
    void w1() throws Exception {
        Result r = run(config("--workload", "W1", "--events", "200000", "--warmup-runs", "0"));
        assertNull(r.latencyNanos());
        assertEquals(100_000, CountingConsumer.count());
    }

    @Test
    void w2() throws Exception {
        Result r = run(config("--workload", "W2", "--events", "3M", "--keys", "1000", "--warmup-runs", "0"));
        assertNull(r.latencyNanos());
        assertEquals(3 * 1000, CountingConsumer.count()); // 3 one-second windows of 1000 keys
    }

    @Test
    void w2InParallel() throws Exception {
        run(config("--workload", "W2", "--events", "3M", "--keys", "1000", "--parallelism", "2",
                "--object-reuse", "true", "--warmup-runs", "0"));
        assertEquals(3 * 1000, CountingConsumer.count());
    }

    @Test
    void slidingSessionAndTwoStageWindowsInParallel() throws Exception {
        // W5–W7 on small sizes (each MiniCluster costs seconds); Sluice and the limit run more shapes.
        // W5 with more keys than a slide has events: most results are of one event, in five windows
        for (String[] w : new String[][] {{"W5", "300000", "400000"}, {"W6", "100000", "10000"},
                {"W7", "1200000", "1000"}}) {
            RunConfig c = config("--workload", w[0], "--events", w[1], "--keys", w[2], "--parallelism", "2",
                    "--warmup-runs", "0");
            run(c); // throws unless every window result arrived once, with its sum and timestamp
            assertTrue(CountingConsumer.count() > 1, w[0] + " results: " + CountingConsumer.count());
        }
    }

    @Test
    void w3KeepsTheScheduleAndMeasuresOnlyAfterTheWarmUp() throws Exception {
        RunConfig c = config("--workload", "W3", "--rate", "20000", "--warmup-s", "1", "--measure-s", "2",
                "--parallelism", "2");
        Result r = run(c);
        checkLatency(c, r);
    }

    @Test
    void w4CheckpointsAndCleansUp() throws Exception {
        Set<Path> before = checkpointDirs();
        RunConfig c = config("--workload", "W4", "--rate", "20000", "--warmup-s", "1", "--measure-s", "2",
                "--parallelism", "2", "--checkpoint-ms", "200");
        Result r = run(c);
        checkLatency(c, r);
        assertTrue(FlinkRunStats.lastCompletedCheckpoint() >= 1,
                "no checkpoint completed in a 3 s run checkpointing every 200 ms");
        assertTrue(FlinkRunStats.readerSnapshots() >= 2, "snapshots: " + FlinkRunStats.readerSnapshots());
        // Flink's checkpoint spans reached the harness with their figures
        assertTrue(CheckpointStats.completedCount() >= 1, "no checkpoint span: " + CheckpointStats.checkpoints());
        for (CheckpointStats.Checkpoint cp : CheckpointStats.checkpoints()) {
            assertTrue(cp.id() >= 1 && cp.durationMs() >= 0 && cp.sizeBytes() > 0 && cp.syncMs() >= 0
                    && cp.alignmentMs() >= 0, "checkpoint figures: " + cp);
        }
        assertTrue(r.toLine().contains("\"cp_completed\":"), r.toLine());
        assertTrue(before.containsAll(checkpointDirs()), "checkpoint directory left behind");
    }

    @Test
    void w3DoesNotCheckpoint() throws Exception {
        // the same stats stay at zero without checkpointing: the W4 assertions are not vacuous
        run(config("--workload", "W3", "--rate", "5000", "--warmup-s", "0", "--measure-s", "1"));
        assertEquals(0, FlinkRunStats.lastCompletedCheckpoint());
        assertEquals(0, FlinkRunStats.readerSnapshots());
        assertEquals(0, CheckpointStats.completedCount());
    }

    private static void checkLatency(RunConfig c, Result r) {
        Histogram h = r.latencyNanos();
        assertNotNull(h);
        long expected = c.rate() * c.measureSeconds();
        assertTrue(Math.abs(h.getTotalCount() - expected) <= expected / 200,
                "samples " + h.getTotalCount() + ", expected about " + expected);
        assertTrue(h.getMinValue() >= 1);
        // the last event is due (total-1)/rate after the start: a source that kept the schedule (never
        // early) cannot finish faster; one that fell far behind shows as a much lower rate
        assertTrue(r.eventsPerSecond() <= c.rate() * 1.001, "faster than the schedule: " + r.eventsPerSecond());
        assertTrue(r.eventsPerSecond() >= c.rate() * 0.5, "far behind the schedule: " + r.eventsPerSecond());
        assertTrue(h.getValueAtPercentile(50) < 2_000_000_000L, "p50 " + h.getValueAtPercentile(50) + " ns");
    }

    private static Set<Path> checkpointDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith(FlinkEngine.CHECKPOINT_DIR_PREFIX))
                    .collect(Collectors.toSet());
        }
    }

    // ---- the pieces, without a cluster ----

    @Test
    void benchEventIsAFlinkPojo() {
        assertInstanceOf(PojoTypeInfo.class, FlinkEngine.EVENT);
    }

    @Test
    void throughputReaderEmitsItsShareInBatchesAndResumesFromASnapshot() throws Exception {
        RunClock.reset();
        long total = 1_000;
        int subtask = 1;
        int parallelism = 3;
        long share = Generator.share(total, subtask, parallelism);
        GeneratorSourceReader reader = new GeneratorSourceReader(7, 0);
        Collecting out = new Collecting();
        assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(out));
        assertFalse(reader.isAvailable().isDone());
        reader.addSplits(List.of(new GeneratorSplit(subtask, parallelism, total, 0)));
        assertTrue(reader.isAvailable().isDone());
        reader.notifyNoMoreSplits();
        assertEquals(InputStatus.MORE_AVAILABLE, reader.pollNext(out));
        assertEquals(GeneratorSourceReader.BATCH, out.events.size());
        assertTrue(RunClock.startNanos() != 0, "the first poll starts the run clock");
        assertEquals(List.of(new GeneratorSplit(subtask, parallelism, total, GeneratorSourceReader.BATCH)),
                reader.snapshotState(1));

        // a reader restored from that snapshot emits exactly the rest
        GeneratorSourceReader restored = new GeneratorSourceReader(7, 0);
        restored.addSplits(reader.snapshotState(2));
        restored.notifyNoMoreSplits();
        while (restored.pollNext(out) != InputStatus.END_OF_INPUT) {
            assertTrue(out.events.size() <= share);
        }
        assertEquals(share, out.events.size());
        for (int j = 0; j < share; j++) {
            long i = Generator.index(j, subtask, parallelism);
            BenchEvent e = out.events.get(j);
            assertEquals(i, e.value);
            assertEquals(i % 7, e.key);
            assertEquals(i / Generator.EVENTS_PER_MILLI, e.timestamp);
        }
        assertEquals(List.of(), restored.snapshotState(3));
    }

    @Test
    void fixedRateReaderEmitsOnlyWhatIsDueStampedWithItsIntendedTime() throws Exception {
        RunClock.reset();
        long rate = 10_000; // one event per 100 us
        GeneratorSourceReader reader = new GeneratorSourceReader(5, rate);
        reader.addSplits(List.of(new GeneratorSplit(0, 1, 100_000, 0)));
        reader.notifyNoMoreSplits();
        Collecting out = new Collecting();
        assertEquals(InputStatus.MORE_AVAILABLE, reader.pollNext(out));
        long start = RunClock.startNanos();
        // wait until at least two events are due (the second is due 100 us after the start)
        long due = Generator.intendedNanos(start, 1, rate);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < due) {
            assertTrue(System.nanoTime() < deadline, "the clock did not reach the second event's time");
            Thread.onSpinWait();
        }
        assertEquals(InputStatus.MORE_AVAILABLE, reader.pollNext(out));
        long polled = System.nanoTime();
        int n = out.events.size();
        assertTrue(n >= 2 && n <= GeneratorSourceReader.BATCH + 1, "emitted " + n);
        for (int i = 0; i < n; i++) {
            BenchEvent e = out.events.get(i);
            long intended = Generator.intendedNanos(start, i, rate);
            assertEquals(intended, e.timestamp);
            assertEquals(i % 5, e.key);
            assertEquals(1, e.value);
            assertTrue(intended <= polled, "event " + i + " emitted before it was due");
        }
        assertEquals(n, reader.snapshotState(1).get(0).emitted());
    }

    @Test
    void readerEndsWithoutSplitsOnceToldThereAreNoMore() throws Exception {
        GeneratorSourceReader reader = new GeneratorSourceReader(1, 0);
        reader.addSplits(List.of(new GeneratorSplit(2, 3, 2, 0))); // share 0: indices 0 and 1 go to 0 and 1
        reader.notifyNoMoreSplits();
        assertEquals(InputStatus.END_OF_INPUT, reader.pollNext(new Collecting()));
    }

    @Test
    void serializersRoundTrip() throws Exception {
        GeneratorSplit split = new GeneratorSplit(3, 4, 1L << 40, 123_456_789_012L);
        GeneratorSplit.Serializer s = GeneratorSplit.Serializer.INSTANCE;
        assertEquals(split, s.deserialize(s.getVersion(), s.serialize(split)));
        List<GeneratorSplit> pending = List.of(split, new GeneratorSplit(0, 1, 5, 0));
        GeneratorSplit.ListSerializer l = GeneratorSplit.ListSerializer.INSTANCE;
        assertEquals(pending, l.deserialize(l.getVersion(), l.serialize(pending)));
        assertEquals(List.of(), l.deserialize(l.getVersion(), l.serialize(List.of())));
    }

    @Test
    void sinkFinishesOnceAtEndOfInputOnly() throws Exception {
        CountingConsumer.reset();
        SinkWriter<BenchEvent> failed = HarnessSink.counting().createWriter(null);
        failed.write(new BenchEvent(1, 5, 0), null);
        failed.flush(false); // a checkpoint's flush is not the end of input
        failed.close();
        assertEquals(0, CountingConsumer.count());

        SinkWriter<BenchEvent> writer = HarnessSink.counting().createWriter(null);
        writer.write(new BenchEvent(1, 5, 0), null);
        writer.write(new BenchEvent(2, 7, 0), null);
        writer.flush(true);
        writer.flush(true);
        writer.close();
        assertEquals(2, CountingConsumer.count());
        assertEquals(12, CountingConsumer.checksum());
        CountingConsumer.reset();
    }

    /** A reader output that keeps what it is given. */
    private static final class Collecting implements ReaderOutput<BenchEvent> {
        final List<BenchEvent> events = new ArrayList<>();

        @Override
        public void collect(BenchEvent e) {
            events.add(e);
        }

        @Override
        public void collect(BenchEvent e, long timestamp) {
            events.add(e);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }

        @Override
        public SourceOutput<BenchEvent> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
        }
    }
}
