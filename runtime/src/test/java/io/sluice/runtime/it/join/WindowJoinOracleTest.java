package io.sluice.runtime.it.join;

import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.config.StateOptions;
import io.sluice.api.functions.RichCoGroupFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Window {@code join} and {@code coGroup} against a brute-force oracle over random out-of-order
 * input with late elements, tumbling and sliding windows, random parallelism and state backend. An element is in
 * each of its windows whose end is still above the watermark it meets; every window fires once,
 * when the watermark reaches its end, with all it holds. A join emits every pair of the window's
 * two sides (nothing for a key on one side only); a coGroup gets both sides once per key and
 * window, one possibly empty. Elements in none of their windows are dropped and counted.
 */
class WindowJoinOracleTest {

    /** A window of the oracle: [start, end). */
    record Win(long start, long end) {
    }

    /** Describes a coGroup call: the key and both sides' sequence numbers, sorted; a rich function. */
    static final class DescribeGroups extends RichCoGroupFunction<Ev, Ev, String> {
        @Override
        public void coGroup(Iterable<Ev> first, Iterable<Ev> second, Collector<String> out) {
            IntervalJoinOracleTest.requireRuntimeContext(getRuntimeContext().operatorName());
            List<Integer> a = new ArrayList<>();
            List<Integer> b = new ArrayList<>();
            int key = -1;
            for (Ev e : first) {
                a.add(e.seq());
                key = e.key();
            }
            for (Ev e : second) {
                b.add(e.seq());
                key = e.key();
            }
            a.sort(null);
            b.sort(null);
            out.collect(key + ":" + a + "|" + b);
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AtomicInteger RUNS_WITH_LATENESS = new AtomicInteger();
    private static final AtomicInteger RUNS_WITH_DROPS = new AtomicInteger();
    private static final AtomicInteger RUNS_WITH_LATE_FIRINGS = new AtomicInteger();

    /** Lateness mattered: elements kept out of some of their windows, and out of all of them. */
    @AfterAll
    static void lateElementsWereTested() {
        assertThat(RUNS_WITH_LATENESS.get()).as("runs with elements too late for some of their windows, of %s",
                RUNS.get()).isGreaterThan(RUNS.get() / 2);
        assertThat(RUNS_WITH_DROPS.get()).as("runs with elements too late for all of their windows").isPositive();
        assertThat(RUNS_WITH_LATE_FIRINGS.get()).as("allowed-lateness runs with late firings")
                .isGreaterThan((int) seeds().count() / 2);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    @ParameterizedTest(name = "join, seed {0}")
    @MethodSource("seeds")
    void joinEqualsTheOracle(long seed) throws Exception {
        run(seed, false);
    }

    @ParameterizedTest(name = "coGroup, seed {0}")
    @MethodSource("seeds")
    void coGroupEqualsTheOracle(long seed) throws Exception {
        run(seed, true);
    }

    private void run(long seed, boolean coGroup) throws Exception {
        Random r = new Random(seed * 31 + (coGroup ? 1 : 0));
        Script script = Script.random(r);
        long size = 5 + r.nextInt(40);
        long slide = seed % 2 == 0 ? size : 1 + r.nextInt((int) size);
        WindowAssigner<Object, TimeWindow> assigner = slide == size
                ? TumblingEventTimeWindows.of(Duration.ofMillis(size))
                : SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide));

        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(ExecutionOptions.CHANNEL_CAPACITY, 2 << r.nextInt(9));
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(1));
        env.set(StateOptions.BACKEND, seed % 4 == 1 ? "heap" : "offheap");
        ScriptedSource source = new ScriptedSource(script.events);
        DataStream<Ev> all = env.fromSource(source, ScriptedSource.watermarks(), "script").filter(Ev::isElement);
        DataStream<Ev> left = all.filter(e -> e.kind() == Ev.LEFT);
        DataStream<Ev> right = all.filter(e -> e.kind() == Ev.RIGHT);
        DataStream<String> out = coGroup
                ? left.coGroup(right).where(Ev::key).equalTo(Ev::key).window(assigner).apply(new DescribeGroups())
                : seed % 3 == 0
                ? left.join(right).where(Ev::key).equalTo(Ev::key).window(assigner)
                        .apply((Ev a, Ev b, Collector<String> c) -> c.collect(a.seq() + ":" + b.seq()))
                : left.join(right).where(Ev::key).equalTo(Ev::key).window(assigner)
                        .apply((Ev a, Ev b) -> a.seq() + ":" + b.seq());
        out.name("join").setParallelism(1 + (int) (seed % 3));
        CollectSink<String> sink = new CollectSink<>();
        out.sinkTo(sink);
        JobClient job = env.executeAsync("window-join-oracle-" + seed);
        source.watch(job, "join");
        JobResult result = job.await(Duration.ofSeconds(60));
        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);

        List<String> actual = new ArrayList<>();
        List<String> values = sink.values();
        List<Long> timestamps = sink.timestamps();
        for (int i = 0; i < values.size(); i++) {
            actual.add(timestamps.get(i) + "@" + values.get(i));
        }
        actual.sort(null);
        Oracle oracle = new Oracle(script, size, slide);
        assertThat(actual).as("size %d, slide %d", size, slide)
                .isEqualTo(coGroup ? oracle.coGroups() : oracle.joins());
        if (coGroup) {
            assertThat(oracle.oneSided()).as("windows with a key on one side only").isPositive();
        }
        RUNS.incrementAndGet();
        if (oracle.excluded > 0) {
            RUNS_WITH_LATENESS.incrementAndGet();
        }
        if (oracle.dropped > 0) {
            RUNS_WITH_DROPS.incrementAndGet();
        }
        assertThat(IntervalJoinOracleTest.droppedBy(result, "join")).isEqualTo(oracle.dropped);
    }

    /**
     * With allowed lateness a window fires on time with what it holds, then once more for every
     * element that joins it after that, each time with everything so far: per key and window, the
     * firings grow one element at a time from the on-time contents to all the window accepted.
     * (Which late element comes first depends on the interleaving of the two inputs; the rest does not.)
     */
    @ParameterizedTest(name = "coGroup with allowed lateness, seed {0}")
    @MethodSource("seeds")
    void coGroupFiresAgainForEachElementWithinTheAllowedLateness(long seed) throws Exception {
        Random r = new Random(seed * 17);
        Script script = Script.random(r);
        long size = 5 + r.nextInt(30);
        long lateness = 1 + r.nextInt(30);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(1));
        ScriptedSource source = new ScriptedSource(script.events);
        DataStream<Ev> all = env.fromSource(source, ScriptedSource.watermarks(), "script").filter(Ev::isElement);
        DataStream<String> out = all.filter(e -> e.kind() == Ev.LEFT).coGroup(all.filter(e -> e.kind() == Ev.RIGHT))
                .where(Ev::key).equalTo(Ev::key)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(size)))
                .allowedLateness(Duration.ofMillis(lateness))
                .apply(new DescribeGroups()).name("join").setParallelism(1 + (int) (seed % 3));
        CollectSink<String> sink = new CollectSink<>();
        out.sinkTo(sink);
        JobClient job = env.executeAsync("window-co-group-lateness-" + seed);
        source.watch(job, "join");
        assertThat(job.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);

        // the oracle: per (key, window start), the elements accepted on time and late
        Map<String, List<Integer>> onTime = new TreeMap<>();
        Map<String, List<Integer>> late = new TreeMap<>();
        int lateFirings = 0;
        for (Ev e : script.elements()) {
            long start = Math.floorDiv(e.ts(), size) * size;
            long maxTs = start + size - 1;
            long wm = script.watermarkMetBy(e);
            String id = e.key() + "@" + maxTs;
            if (wm == Long.MIN_VALUE || maxTs > wm) {
                onTime.computeIfAbsent(id, k -> new ArrayList<>()).add(e.seq());
            } else if (maxTs + lateness > wm) {
                late.computeIfAbsent(id, k -> new ArrayList<>()).add(e.seq());
                lateFirings++;
            }
        }
        if (lateFirings > 0) {
            RUNS_WITH_LATE_FIRINGS.incrementAndGet();
        }

        Map<String, List<List<Integer>>> firings = new TreeMap<>();
        List<String> values = sink.values();
        List<Long> timestamps = sink.timestamps();
        for (int i = 0; i < values.size(); i++) {
            String[] keyAndSides = values.get(i).split(":", 2);
            List<Integer> seqs = new ArrayList<>();
            for (String side : keyAndSides[1].replace("[", "").replace("]", "").split("\\|")) {
                for (String n : side.split(", ")) {
                    if (!n.isEmpty()) {
                        seqs.add(Integer.parseInt(n));
                    }
                }
            }
            seqs.sort(null);
            firings.computeIfAbsent(keyAndSides[0] + "@" + timestamps.get(i), k -> new ArrayList<>()).add(seqs);
        }
        java.util.Set<String> windows = new java.util.TreeSet<>(onTime.keySet());
        windows.addAll(late.keySet());
        assertThat(firings.keySet()).isEqualTo(windows);
        for (String id : windows) {
            List<Integer> expected = new ArrayList<>(onTime.getOrDefault(id, List.of()));
            List<List<Integer>> fired = firings.get(id);
            fired.sort(java.util.Comparator.comparingInt(List::size));
            int lateCount = late.getOrDefault(id, List.of()).size();
            assertThat(fired).as("firings of %s", id).hasSize((expected.isEmpty() ? 0 : 1) + lateCount);
            expected.sort(null);
            if (!expected.isEmpty()) {
                assertThat(fired.get(0)).as("on-time firing of %s", id).isEqualTo(expected);
            }
            for (int i = 1; i < fired.size(); i++) {
                assertThat(fired.get(i)).as("firing %d of %s", i, id).hasSize(fired.get(i - 1).size() + 1)
                        .containsAll(fired.get(i - 1));
            }
            expected.addAll(late.getOrDefault(id, List.of()));
            expected.sort(null);
            assertThat(fired.get(fired.size() - 1)).as("last firing of %s", id).isEqualTo(expected);
        }
    }

    /** The contents of every (key, window), by brute force. */
    static final class Oracle {
        /** key → window → {left seqs, right seqs} */
        final Map<Integer, Map<Win, List<List<Integer>>>> contents = new TreeMap<>();
        long dropped;
        /** (element, window) memberships refused because the window had already fired. */
        long excluded;

        Oracle(Script script, long size, long slide) {
            for (Ev e : script.elements()) {
                boolean kept = false;
                for (long start = Math.floorDiv(e.ts(), slide) * slide; start > e.ts() - size; start -= slide) {
                    Win w = new Win(start, start + size);
                    if (w.end() - 1 > script.watermarkMetBy(e)) {
                        kept = true;
                        contents.computeIfAbsent(e.key(), k -> new TreeMap<>(
                                        (x, y) -> Long.compare(x.start(), y.start())))
                                .computeIfAbsent(w, x -> List.of(new ArrayList<>(), new ArrayList<>()))
                                .get(e.kind() == Ev.LEFT ? 0 : 1).add(e.seq());
                    } else {
                        excluded++;
                    }
                }
                if (!kept) {
                    dropped++;
                }
            }
        }

        long oneSided() {
            return contents.values().stream().flatMap(w -> w.values().stream())
                    .filter(sides -> sides.get(0).isEmpty() || sides.get(1).isEmpty()).count();
        }

        /** "maxTimestamp@left:right" for every pair of every window. */
        List<String> joins() {
            List<String> out = new ArrayList<>();
            contents.forEach((key, windows) -> windows.forEach((w, sides) -> {
                for (int a : sides.get(0)) {
                    for (int b : sides.get(1)) {
                        out.add((w.end() - 1) + "@" + a + ":" + b);
                    }
                }
            }));
            out.sort(null);
            return out;
        }

        /** "maxTimestamp@key:[left seqs]|[right seqs]" for every window that holds anything. */
        List<String> coGroups() {
            List<String> out = new ArrayList<>();
            contents.forEach((key, windows) -> windows.forEach((w, sides) -> {
                List<Integer> a = new ArrayList<>(sides.get(0));
                List<Integer> b = new ArrayList<>(sides.get(1));
                a.sort(null);
                b.sort(null);
                out.add((w.end() - 1) + "@" + key + ":" + a + "|" + b);
            }));
            out.sort(null);
            return out;
        }
    }
}
