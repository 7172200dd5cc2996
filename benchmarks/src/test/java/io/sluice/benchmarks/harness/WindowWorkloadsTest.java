package io.sluice.benchmarks.harness;

import io.sluice.benchmarks.harness.limit.LimitEngine;
import io.sluice.benchmarks.harness.sluice.SluiceEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * W5 (sliding windows), W6 (session windows) and W7 (two keyed window stages): their expectations
 * against brute-force windowing written here, the W6 generator's properties, a deliberately wrong
 * output of each reported as a mismatch, and whole runs on the Sluice and limit engines.
 */
class WindowWorkloadsTest {

    private static RunConfig config(String engine, String workload, String... more) {
        String[] base = {"--engine", engine, "--workload", workload, "--warmup-runs", "0"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return RunConfig.parse(args);
    }

    /** A result's contribution to the harness checksum, as {@link CountingConsumer} folds it. */
    private static long weigh(long value, long timestamp) {
        return value * (1 + timestamp);
    }

    // ---- W5: sliding windows of 1 s every 200 ms ----

    /** Per (window start, key): {sum, earliest timestamp}, every event added to the five windows holding it. */
    private static Map<List<Long>, long[]> bruteSliding(long n, long keys) {
        Map<List<Long>, long[]> windows = new HashMap<>();
        for (long i = 0; i < n; i++) {
            BenchEvent e = Generator.event(i, keys);
            for (long start = e.timestamp - e.timestamp % 200 - 800; start <= e.timestamp; start += 200) {
                long[] acc = windows.computeIfAbsent(List.of(start, e.key), k -> new long[] {0, Long.MAX_VALUE});
                acc[0] += e.value;
                acc[1] = Math.min(acc[1], e.timestamp);
            }
        }
        return windows;
    }

    @Test
    void w5ExpectationMatchesABruteForceSlidingWindowing() {
        for (long keys : new long[] {1, 7, 1000, 300_000}) {
            for (long n : new long[] {1, 199_999, 200_001, 450_000}) {
                Map<List<Long>, long[]> windows = bruteSliding(n, keys);
                long checksum = windows.values().stream().mapToLong(a -> weigh(a[0], a[1])).sum();
                Expectation x = Expectation.of(config("limit", "W5", "--events", "" + n, "--keys", "" + keys));
                assertThat(x.count()).as("results for n=%d keys=%d", n, keys).isEqualTo(windows.size());
                assertThat(x.checksum()).as("checksum for n=%d keys=%d", n, keys).isEqualTo(checksum);
            }
        }
    }

    @Test
    void aSlidingWindowSumUpdatingASharedAccumulatorIsReportedNotMeasured() {
        // W2's in-place reduce in sliding windows: an event first in several windows is the
        // accumulator of each, so adding to one window's sum adds to the others'
        Engine sharing = c -> {
            RunClock.start(System.nanoTime());
            Map<List<Long>, BenchEvent> windows = new LinkedHashMap<>();
            for (long i = 0; i < c.totalEvents(); i++) {
                BenchEvent e = Generator.event(i, c.keys());
                for (long start = e.timestamp - e.timestamp % 200 - 800; start <= e.timestamp; start += 200) {
                    BenchEvent acc = windows.putIfAbsent(List.of(start, e.key), e);
                    if (acc != null) {
                        W1Functions.sum(acc, e);
                    }
                }
            }
            CountingConsumer sink = new CountingConsumer();
            windows.values().forEach(sink::accept);
            sink.finish();
        };
        assertThatThrownBy(() -> HarnessMain.runOnce(sharing, config("sharing", "W5", "--events", "300000",
                "--keys", "10")))
                .isInstanceOf(HarnessMain.RunMismatchException.class)
                .hasMessageContaining("checksum");
    }

    // ---- W6: session windows ----

    /** Sessions the slow way: per key, its events sorted by time, split where the next is more than {@code gap} later. */
    private static List<BenchEvent> bruteSessions(List<BenchEvent> events, long gap, boolean strictlyCloser) {
        Map<Long, List<BenchEvent>> byKey = new HashMap<>();
        for (BenchEvent e : events) {
            byKey.computeIfAbsent(e.key, k -> new ArrayList<>()).add(e);
        }
        List<BenchEvent> sessions = new ArrayList<>();
        for (List<BenchEvent> es : byKey.values()) {
            es.sort((a, b) -> Long.compare(a.timestamp, b.timestamp));
            BenchEvent session = null;
            long last = 0;
            for (BenchEvent e : es) {
                long apart = e.timestamp - last;
                if (session != null && (strictlyCloser ? apart < gap : apart <= gap)) {
                    session.value += e.value;
                } else {
                    session = new BenchEvent(e.key, e.value, e.timestamp);
                    sessions.add(session);
                }
                last = e.timestamp;
            }
        }
        return sessions;
    }

    private static List<BenchEvent> sessionEvents(long n, long keys) {
        List<BenchEvent> events = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            events.add(Generator.event(i, keys, Generator.Shape.SESSIONS));
        }
        return events;
    }

    @Test
    void sessionReferenceOnAHandCheckedExample() {
        long[][] events = { // key, timestamp, value; out of order as W6's are
                {1, 0, 1}, {1, 10, 2}, {2, 110, 32}, {1, 21, 4}, {0, 3, 64}, {1, 5, 8}, {2, 100, 16}};
        SessionReference.Events given = new SessionReference.Events() {
            @Override
            public long size() {
                return events.length;
            }

            @Override
            public long key(long i) {
                return events[(int) i][0];
            }

            @Override
            public long timestamp(long i) {
                return events[(int) i][1];
            }

            @Override
            public long value(long i) {
                return events[(int) i][2];
            }
        };
        // gap 10: key 1 → {0, 5, 10} (sum 11, from 0) and {21} (4, from 21): 21 is 11 after 10;
        // key 2 → {100, 110} (48, from 100): exactly the gap apart, their windows touch and merge;
        // key 0 → {3} (64, from 3)
        long checksum = 11 * (1 + 0) + 4 * (1 + 21) + 48 * (1 + 100) + 64 * (1 + 3);
        assertThat(SessionReference.of(given, 10)).isEqualTo(new Expectation(4, checksum, true));
        // gap 9: key 2's two events (10 apart) are two sessions, key 1's {0, 5, 10} and {21} stay
        assertThat(SessionReference.of(given, 9).count()).isEqualTo(5);
        // gap 11: key 1's 10 and 21 join
        assertThat(SessionReference.of(given, 11).count()).isEqualTo(3);
    }

    @Test
    void w6ExpectationMatchesBruteForceSessions() {
        for (long keys : new long[] {1, 100, 1000, 10_000, 500_000}) {
            for (long n : new long[] {1, 1000, 250_000}) {
                List<BenchEvent> sessions = bruteSessions(sessionEvents(n, keys), Generator.sessionGapMillis(keys), false);
                long checksum = sessions.stream().mapToLong(s -> weigh(s.value, s.timestamp)).sum();
                Expectation x = Expectation.of(config("limit", "W6", "--events", "" + n, "--keys", "" + keys));
                assertThat(x.count()).as("sessions for n=%d keys=%d", n, keys).isEqualTo(sessions.size());
                assertThat(x.checksum()).as("checksum for n=%d keys=%d", n, keys).isEqualTo(checksum);
            }
        }
    }

    @Test
    void w6EventsAreNeverLateAndTheirKeysAreArrivalsOfEveryKey() {
        long keys = 1000;
        for (int p = 1; p <= 2; p++) {
            for (int s = 0; s < p; s++) {
                Generator.Sequence seq = new Generator.Sequence(300_000, keys, s, p, Generator.Shape.SESSIONS);
                long max = Long.MIN_VALUE;
                while (seq.hasNext()) {
                    BenchEvent e = seq.next();
                    // the bounded-out-of-orderness watermark is max - 200 - 1: this event is at least 2 ahead
                    assertThat(e.timestamp).as("event %d", e.value).isGreaterThanOrEqualTo(
                            max == Long.MIN_VALUE ? 0 : max - (Generator.SESSION_JITTER_MS - 1));
                    max = Math.max(max, e.timestamp);
                }
            }
        }
        // keys spread over all keys, each about n / keys times
        long[] perKey = new long[(int) keys];
        for (BenchEvent e : sessionEvents(1_000_000, keys)) {
            perKey[(int) e.key]++;
        }
        for (long c : perKey) {
            assertThat(c).isBetween(850L, 1150L);
        }
        assertThat(Generator.sessionGapMillis(10)).isEqualTo(1);
        assertThat(Generator.sessionGapMillis(10_000)).isEqualTo(10);
        assertThat(Generator.sessionGapMillis(1_000_000)).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 3, 1000, 1_000_000, 1L << 32})
    void sessionSequenceGeneratesTheFormulasEventsAndSeeks(long keys) {
        for (int p = 1; p <= 3; p++) {
            for (int s = 0; s < p; s++) {
                Generator.Sequence seq = new Generator.Sequence(5_003, keys, s, p, Generator.Shape.SESSIONS);
                for (long j = 0; j < Generator.share(5_003, s, p); j++) {
                    long i = Generator.index(j, s, p);
                    BenchEvent e = seq.next();
                    BenchEvent x = Generator.event(i, keys, Generator.Shape.SESSIONS);
                    if (e.key != x.key || e.value != i || e.timestamp != x.timestamp || e.key < 0 || e.key >= keys
                            || e.timestamp - i / 1000 < 0 || e.timestamp - i / 1000 >= Generator.SESSION_JITTER_MS) {
                        assertThat(e).as("event %d", i).isEqualTo(x); // fails, saying how
                    }
                }
                seq.seek(7);
                assertThat(seq.next()).usingRecursiveComparison()
                        .isEqualTo(Generator.event(Generator.index(7, s, p), keys, Generator.Shape.SESSIONS));
            }
        }
        assertThatThrownBy(() -> new Generator.Sequence(10, (1L << 32) + 1, 0, 1, Generator.Shape.SESSIONS))
                .hasMessageContaining("--keys must be at most 2^32");
    }

    @Test
    void sessionsSplitWhereTheirWindowsOnlyTouchAreReportedNotMeasured() {
        // keys 100: gap 1 ms, so many consecutive events of a key are exactly the gap apart
        Engine splitting = c -> {
            RunClock.start(System.nanoTime());
            CountingConsumer sink = new CountingConsumer();
            bruteSessions(sessionEvents(c.totalEvents(), c.keys()), Generator.sessionGapMillis(c.keys()), true)
                    .forEach(sink::accept);
            sink.finish();
        };
        assertThatThrownBy(() -> HarnessMain.runOnce(splitting, config("splitting", "W6", "--events", "100000",
                "--keys", "100")))
                .isInstanceOf(HarnessMain.RunMismatchException.class)
                .hasMessageContaining("expected");
    }

    // ---- W7: W2, then a second stage keyed by the window end ----

    /** Per window end: {sum of the first stage's results, earliest of their timestamps}. */
    private static Map<Long, long[]> bruteTwoStages(long n, long keys, long misplaced) {
        Map<List<Long>, BenchEvent> first = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
            BenchEvent e = Generator.event(i, keys);
            long window = i == misplaced ? e.timestamp / 1000 - 1 : e.timestamp / 1000;
            BenchEvent acc = first.putIfAbsent(List.of(window, e.key), e);
            if (acc != null) {
                W1Functions.sum(acc, e);
            }
        }
        Map<Long, long[]> second = new HashMap<>();
        first.forEach((cell, r) -> {
            long[] acc = second.computeIfAbsent((cell.get(0) + 1) * 1000, k -> new long[] {0, Long.MAX_VALUE});
            acc[0] += r.value;
            acc[1] = Math.min(acc[1], r.timestamp);
        });
        return second;
    }

    @Test
    void w7ExpectationMatchesABruteForceOfBothStages() {
        for (long keys : new long[] {1, 7, 1000, 3_000_000}) {
            for (long n : new long[] {1, 999_999, 1_000_000, 2_500_001}) {
                Map<Long, long[]> windows = bruteTwoStages(n, keys, -1);
                Expectation x = Expectation.of(config("limit", "W7", "--events", "" + n, "--keys", "" + keys));
                assertThat(x.count()).isEqualTo(windows.size());
                assertThat(x.checksum()).as("checksum for n=%d keys=%d", n, keys)
                        .isEqualTo(windows.values().stream().mapToLong(a -> weigh(a[0], a[1])).sum());
            }
        }
    }

    @Test
    void aValueInTheWrongFirstStageWindowIsReportedNotMeasured() {
        Engine misplacing = c -> { // the first event of the second window summed into the first
            RunClock.start(System.nanoTime());
            CountingConsumer sink = new CountingConsumer();
            bruteTwoStages(c.totalEvents(), c.keys(), 1_000_000)
                    .forEach((end, a) -> sink.accept(new BenchEvent(end, a[0], a[1])));
            sink.finish();
        };
        assertThatThrownBy(() -> HarnessMain.runOnce(misplacing, config("misplacing", "W7", "--events", "1200000",
                "--keys", "10")))
                .isInstanceOf(HarnessMain.RunMismatchException.class)
                .hasMessageContaining("checksum");
    }

    // ---- whole runs ----

    /**
     * Each shape at p1 and p2; the last with more keys than a window (W5, W7) or the run (W6) has
     * events, so most keys have one event. W7's keys stay even at p2: a key's events then all come
     * from one source subtask, so its first-stage result carries its first event's time, as W2's.
     */
    private static final String[][] RUNS = {
            {"W5", "300000", "1000", "1"}, {"W5", "300000", "1000", "2"}, {"W5", "300000", "500000", "2"},
            {"W6", "100000", "100", "1"}, {"W6", "100000", "10000", "2"}, {"W6", "100000", "300000", "2"},
            {"W7", "1200000", "1000", "1"}, {"W7", "1200000", "1000", "2"}, {"W7", "1200000", "2000000", "2"},
    };

    @ParameterizedTest
    @ValueSource(strings = {"sluice", "limit"})
    void everyWindowWorkloadProducesExactlyItsExpectedResults(String engine) throws Exception {
        for (String[] run : RUNS) {
            RunConfig c = config(engine, run[0], "--events", run[1], "--keys", run[2], "--parallelism", run[3]);
            Result r = HarnessMain.runOnce(HarnessMain.engine(engine), c); // throws unless exact
            assertThat(CountingConsumer.count()).isEqualTo(Expectation.of(c).count()).isPositive();
            assertThat(r.eventsPerSecond()).isPositive();
            assertThat(r.toLine()).contains("\"workload\":\"" + run[0] + "\"").contains("\"keys\":" + run[2]);
        }
    }

    @Test
    void theLimitEngineRejectsMoreW6KeysThanItsArraysTake() {
        assertThatThrownBy(() -> new LimitEngine().run(config("limit", "W6", "--events", "10", "--keys", "1000M")))
                .hasMessageContaining("--keys must be at most");
    }

    @Test
    void sluiceRunsW6WithOneKey() throws Exception {
        // one key: every event is a session candidate of the same key, far more merging than any other shape
        HarnessMain.runOnce(new SluiceEngine(), config("sluice", "W6", "--events", "20000", "--keys", "1"));
    }
}
