package io.sluice.benchmarks.harness;

import io.sluice.benchmarks.harness.limit.LimitEngine;
import io.sluice.benchmarks.harness.sluice.SluiceEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: its expectations, its check of every run, and the Sluice and limit engines on small sizes. */
class HarnessTest {

    private static RunConfig config(String engine, String workload, String... more) {
        String[] base = {"--engine", engine, "--workload", workload};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return RunConfig.parse(args);
    }

    @Test
    void w2ExpectationMatchesABruteForceWindowing() {
        for (long keys : new long[] {1, 7, 1000, 2_000_000}) {
            for (long n : new long[] {1, 999_999, 1_000_000, 2_500_001}) {
                RunConfig c = config("limit", "W2", "--events", "" + n, "--keys", "" + keys);
                Map<Long, Long> sums = new HashMap<>(); // (window, key) → sum
                Map<Long, Long> firstTime = new HashMap<>(); // (window, key) → timestamp of its first event
                for (long i = 0; i < n; i++) {
                    BenchEvent e = Generator.event(i, keys);
                    long cell = e.timestamp / 1_000 * 4_000_000L + e.key;
                    sums.merge(cell, e.value, Long::sum);
                    firstTime.putIfAbsent(cell, e.timestamp);
                }
                long checksum = 0;
                for (var s : sums.entrySet()) {
                    checksum += s.getValue() * (1 + firstTime.get(s.getKey()));
                }
                Expectation x = Expectation.of(c);
                assertThat(x.count()).as("results for n=%d keys=%d", n, keys).isEqualTo(sums.size());
                assertThat(x.checksum()).isEqualTo(checksum);
            }
        }
    }

    @Test
    void w1ExpectationCountsTheEvenTriples() {
        RunConfig c = config("limit", "W1", "--events", "11");
        long count = 0;
        long checksum = 0;
        for (long i = 0; i < 11; i++) {
            if ((i * 3) % 2 == 0) {
                count++;
                checksum += (i * 3 + 1) * (1 + i / 1000);
            }
        }
        assertThat(Expectation.of(c)).isEqualTo(new Expectation(count, checksum, true));
    }

    @Test
    void generatorSplitsProduceEveryIndexOnce() {
        for (int p = 1; p <= 5; p++) {
            boolean[] seen = new boolean[103];
            for (int s = 0; s < p; s++) {
                for (long j = 0; j < Generator.share(103, s, p); j++) {
                    int i = (int) Generator.index(j, s, p);
                    assertThat(seen[i]).as("index %d twice at p=%d", i, p).isFalse();
                    seen[i] = true;
                }
            }
            for (boolean b : seen) {
                assertThat(b).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 3, 999, 1000, 1001, 10_000})
    void sequenceGeneratesTheSameEventsAsTheFormulas(long keys) {
        for (int p = 1; p <= 3; p++) {
            for (int s = 0; s < p; s++) {
                Generator.Sequence seq = new Generator.Sequence(5_003, keys, s, p);
                for (long j = 0; j < Generator.share(5_003, s, p); j++) {
                    long i = Generator.index(j, s, p);
                    assertThat(seq.nextIndex()).isEqualTo(i);
                    BenchEvent e = j % 2 == 0 ? seq.next() : seq.nextFixedRate(42 + j);
                    BenchEvent x = j % 2 == 0 ? Generator.event(i, keys) : Generator.fixedRateEvent(i, keys, 42 + j);
                    assertThat(e).usingRecursiveComparison().isEqualTo(x);
                }
                assertThat(seq.hasNext()).isFalse();
                seq.seek(7);
                assertThat(seq.next()).usingRecursiveComparison().isEqualTo(Generator.event(Generator.index(7, s, p), keys));
            }
        }
    }

    @Test
    void aRunThatLosesAnEventIsReportedNotMeasured() {
        Engine lossy = c -> {
            RunClock.start(System.nanoTime());
            CountingConsumer sink = new CountingConsumer();
            for (long i = 1; i < c.totalEvents(); i++) { // event 0 lost
                BenchEvent e = W1Functions.triple(Generator.event(i, c.keys()));
                if (W1Functions.isEven(e)) {
                    sink.accept(W1Functions.plusOne(e));
                }
            }
            sink.finish();
        };
        assertThatThrownBy(() -> HarnessMain.runOnce(lossy, config("lossy", "W1", "--events", "1000")))
                .isInstanceOf(HarnessMain.RunMismatchException.class)
                .hasMessageContaining("499 events, expected 500");
    }

    @Test
    void aValueSummedIntoTheWrongWindowIsReportedNotMeasured() throws Exception {
        RunConfig c = config("misassigning", "W2", "--events", "1100000", "--keys", "10");
        // what a window that stays open too long does: the first event of window 1 joins window 0's sum
        Engine misassigning = cfg -> {
            RunClock.start(System.nanoTime());
            Map<Long, BenchEvent> sums = new java.util.LinkedHashMap<>();
            for (long i = 0; i < cfg.totalEvents(); i++) {
                BenchEvent e = Generator.event(i, cfg.keys());
                long window = i == 1_000_000 ? 0 : e.timestamp / 1_000;
                BenchEvent acc = sums.putIfAbsent(window * 100 + e.key, e);
                if (acc != null) {
                    W1Functions.sum(acc, e);
                }
            }
            CountingConsumer sink = new CountingConsumer();
            sums.values().forEach(sink::accept);
            sink.finish();
        };
        assertThatThrownBy(() -> HarnessMain.runOnce(misassigning, c))
                .isInstanceOf(HarnessMain.RunMismatchException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void aWrongRunningSumIsReportedNotMeasured() {
        Engine forgetful = cfg -> { // a "running sum" that forgets its state: every result is 1
            long start = RunClock.start(System.nanoTime());
            LatencyRecorder sink = new LatencyRecorder(0);
            for (long i = 0; i < cfg.totalEvents(); i++) {
                sink.accept(Generator.fixedRateEvent(i, cfg.keys(), start));
            }
            sink.finish();
        };
        assertThatThrownBy(() -> HarnessMain.runOnce(forgetful,
                config("forgetful", "W3", "--rate", "1000", "--warmup-s", "0", "--measure-s", "1", "--keys", "10")))
                .isInstanceOf(HarnessMain.RunMismatchException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void aRunThatDuplicatesAnEventIsReportedNotMeasured() {
        Engine duplicating = c -> {
            RunClock.start(System.nanoTime());
            CountingConsumer sink = new CountingConsumer();
            for (long i = 0; i < c.totalEvents(); i++) {
                BenchEvent e = W1Functions.plusOne(W1Functions.triple(Generator.event(i, c.keys())));
                if ((e.value & 1) == 1) { // even triples, +1
                    sink.accept(e);
                    if (i == 10) {
                        sink.accept(e);
                    }
                }
            }
            sink.finish();
        };
        assertThatThrownBy(() -> HarnessMain.runOnce(duplicating, config("dup", "W1", "--events", "1000")))
                .isInstanceOf(HarnessMain.RunMismatchException.class)
                .hasMessageContaining("501 events, expected 500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sluice", "limit"})
    void w1RunsEveryEventThroughTheChain(String engine) throws Exception {
        for (String p : List.of("1", "2")) {
            Result r = HarnessMain.runOnce(HarnessMain.engine(engine),
                    config(engine, "W1", "--events", "300000", "--parallelism", p));
            assertThat(r.eventsPerSecond()).isPositive();
            assertThat(r.latencyNanos()).isNull();
            assertThat(r.toLine()).startsWith("RESULT {\"engine\":\"" + engine + "\",\"workload\":\"W1\"");
        }
    }

    @Test
    void w2OnSluiceProducesEveryWindowSumOnce() throws Exception {
        for (String p : List.of("1", "2")) {
            Result r = HarnessMain.runOnce(new SluiceEngine(),
                    config("sluice", "W2", "--events", "2500000", "--keys", "1000", "--parallelism", p));
            assertThat(r.eventsPerSecond()).isPositive();
        }
    }

    @Test
    void w2OnTheLimitProducesEveryWindowSumOnce() throws Exception {
        HarnessMain.runOnce(new LimitEngine(), config("limit", "W2", "--events", "2500000", "--keys", "1000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sluice", "limit"})
    void w3RecordsTheLatencyOfEveryMeasuredEvent(String engine) throws Exception {
        Result r = HarnessMain.runOnce(HarnessMain.engine(engine),
                config(engine, "W3", "--rate", "20000", "--warmup-s", "1", "--measure-s", "1", "--keys", "100"));
        // events are measured from the first whose intended time is past the warm-up: one second's worth
        assertThat(r.latencyNanos().getTotalCount()).isBetween(19_990L, 20_010L);
        assertThat(r.latencyNanos().getValueAtPercentile(50)).isPositive();
        assertThat(r.eventsPerSecond()).isBetween(10_000.0, 21_000.0);
        assertThat(r.toLine()).contains("\"p999_us\":").doesNotContain("\"p50_us\":null");
    }

    @Test
    void w4OnSluiceCheckpointsAndProducesExactlyTheOutputOfW3() throws Exception {
        Set<Path> before = checkpointDirs();
        RunConfig c = config("sluice", "W4", "--rate", "20000", "--warmup-s", "1", "--measure-s", "2", "--keys", "100",
                "--checkpoint-ms", "200");
        Result r = HarnessMain.runOnce(new SluiceEngine(), c); // throws unless every event arrived once
        assertThat(r.latencyNanos().getTotalCount()).isBetween(39_980L, 40_020L);

        // about ten checkpoints in the 2 s measured, each seen with its figures, none failed
        Map<String, Object> cp = r.checkpoints();
        assertThat((Long) cp.get("cp_completed")).isGreaterThanOrEqualTo(1);
        assertThat(cp.get("cp_failed")).isEqualTo(0L);
        assertThat((Long) cp.get("cp_duration_ms_max")).isGreaterThanOrEqualTo((Long) cp.get("cp_duration_ms_p50"));
        assertThat((Long) cp.get("cp_size_bytes_p50")).as("keyed state of 100 running sums").isPositive();
        assertThat(CheckpointStats.checkpoints()).extracting(CheckpointStats.Checkpoint::id).doesNotHaveDuplicates();
        assertThat(r.toLine()).contains("\"cp_completed\":").contains("\"cp_sync_ms_max\":");
        assertThat(before).as("checkpoint directory left behind").containsAll(checkpointDirs());
    }

    @Test
    void w3OnSluiceTakesNoCheckpoints() throws Exception {
        // the same figures stay empty without checkpoints: the W4 assertions are not vacuous
        Result r = HarnessMain.runOnce(new SluiceEngine(),
                config("sluice", "W3", "--rate", "5000", "--warmup-s", "0", "--measure-s", "1", "--keys", "10"));
        assertThat(CheckpointStats.completedCount()).isZero();
        assertThat(r.checkpoints()).isEmpty();
        assertThat(r.toLine()).doesNotContain("cp_");
    }

    @Test
    void checkpointFiguresCountOnlyTheMeasuredWindow() {
        CheckpointStats.reset();
        CheckpointStats.completed(new CheckpointStats.Checkpoint(5, 1, 90, 1000, 0, 3)); // warm-up: not counted
        CheckpointStats.completed(new CheckpointStats.Checkpoint(10, 2, 20, 2000, 1, 1));
        CheckpointStats.completed(new CheckpointStats.Checkpoint(20, 3, 40, 3000, 0, 0));
        CheckpointStats.completedUnobserved(25, 1);
        CheckpointStats.completed(new CheckpointStats.Checkpoint(30, 5, 30, 4000, 2, 5));
        CheckpointStats.failed(40, 1); // after the window: the job's end aborting the last one
        Map<String, Object> f = CheckpointStats.figures(10, 30);
        assertThat(f).containsEntry("cp_completed", 4L).containsEntry("cp_failed", 0L)
                .containsEntry("cp_with_figures", 3L)
                .containsEntry("cp_duration_ms_p50", 30L).containsEntry("cp_duration_ms_max", 40L)
                .containsEntry("cp_size_bytes_p50", 3000L).containsEntry("cp_alignment_ms_max", 2L)
                .containsEntry("cp_sync_ms_p50", 1L).containsEntry("cp_sync_ms_max", 5L);
        assertThat(CheckpointStats.figures(0, 100)).containsEntry("cp_completed", 5L).containsEntry("cp_failed", 1L);
        assertThat(CheckpointStats.figures(50, 60)).containsEntry("cp_completed", 0L)
                .containsEntry("cp_duration_ms_p50", null);
        CheckpointStats.reset();
    }

    private static Set<Path> checkpointDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith(SluiceEngine.CHECKPOINT_DIR_PREFIX))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void configRejectsUnknownOptionsAndReadsSuffixes() {
        assertThat(config("sluice", "W1", "--events", "20M").events()).isEqualTo(20_000_000);
        assertThat(config("sluice", "w2", "--keys", "10k").keys()).isEqualTo(10_000);
        assertThatThrownBy(() -> config("sluice", "W1", "--evnets", "5"))
                .hasMessageContaining("unknown option --evnets");
        assertThat(config("sluice", "W3").totalEvents()).isEqualTo(40_000_000L);
    }
}
