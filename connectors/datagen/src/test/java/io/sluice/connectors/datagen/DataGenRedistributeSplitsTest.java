package io.sluice.connectors.datagen;

import io.sluice.api.connector.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/** Restored datagen splits re-divided for another parallelism: every position not yet read, once, over every subtask. */
class DataGenRedistributeSplitsTest {

    private static final long START_MS = 1_700_000_000_000L;

    @Test
    void shouldCutEachSplitIntoFinerStridesStartingAtItsPosition() {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 100);

        List<DataGenSplit> splits = source.redistributeSplits(
                List.of(new DataGenSplit(0, 2, 10, 100), new DataGenSplit(1, 2, 13, 100)), 3);

        // 2 splits for 3 subtasks: each cut in 3 (stride 6), so every subtask gets 2; number = first index mod 6
        assertThat(splits).containsExactly(
                new DataGenSplit(4, 6, 10, 100), new DataGenSplit(0, 6, 12, 100), new DataGenSplit(2, 6, 14, 100),
                new DataGenSplit(1, 6, 13, 100), new DataGenSplit(3, 6, 15, 100), new DataGenSplit(5, 6, 17, 100));
    }

    @Test
    void shouldKeepTheSplitsWhenTheyDealEvenlyOverFewerSubtasks() {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 100);
        List<DataGenSplit> four = List.of(new DataGenSplit(0, 4, 40, 100), new DataGenSplit(1, 4, 45, 100),
                new DataGenSplit(2, 4, 42, 100), new DataGenSplit(3, 4, 47, 100));

        assertThat(source.redistributeSplits(four, 2)).containsExactlyElementsOf(four);
    }

    @Test
    void shouldCutWhenScalingDownWouldDealUnevenly() {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 100);

        List<DataGenSplit> splits = source.redistributeSplits(List.of(new DataGenSplit(0, 3, 30, 100),
                new DataGenSplit(1, 3, 31, 100), new DataGenSplit(2, 3, 29, 100)), 2);

        assertThat(splits).hasSize(6).allSatisfy(s -> assertThat(s.stride()).isEqualTo(6));
        assertThat(sharesBySubtask(splits, 2)).containsExactly(0.5, 0.5);
    }

    @Test
    void shouldDropFinishedSplits() {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 10);

        assertThat(source.redistributeSplits(List.of(new DataGenSplit(0, 2, 10, 10), new DataGenSplit(1, 2, 10, 10)),
                3)).isEmpty();
        assertThat(source.redistributeSplits(List.of(new DataGenSplit(0, 2, 10, 10), new DataGenSplit(1, 2, 9, 10)),
                3)).containsExactly(new DataGenSplit(1, 2, 9, 10));
    }

    @Test
    void shouldCutASplitFinerWhenOthersAreNearlyDoneSoThatNoSubtaskIdles() {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 1000);

        List<DataGenSplit> splits = source.redistributeSplits(
                List.of(new DataGenSplit(0, 2, 998, 1000), new DataGenSplit(1, 2, 101, 1000)), 8);

        assertThat(splits).hasSizeGreaterThanOrEqualTo(8);
        assertSameIndices(positions(splits, Long.MAX_VALUE), positions(List.of(new DataGenSplit(0, 2, 998, 1000),
                new DataGenSplit(1, 2, 101, 1000)), Long.MAX_VALUE), "nearly done");
    }

    @Test
    void shouldMakeOneSplitPerIndexWhenFewerIndicesThanSubtasksAreLeft() {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 10);

        List<DataGenSplit> splits = source.redistributeSplits(List.of(new DataGenSplit(1, 2, 7, 10)), 4);

        assertThat(splits).containsExactly(new DataGenSplit(3, 4, 7, 10), new DataGenSplit(1, 4, 9, 10));
    }

    @Test
    void shouldNotOverflowTheStrideOrTheIndex() {
        DataGenSource<Long> source = DataGenSource.unbounded(i -> i);
        int stride = 1 << 29; // at most 3 parts fit in an int stride
        List<DataGenSplit> restored = List.of(
                new DataGenSplit(stride - 1, stride, Long.MAX_VALUE - 10L * stride, Long.MAX_VALUE),
                new DataGenSplit(stride - 2, stride, Long.MAX_VALUE - 10L * stride - 1, Long.MAX_VALUE));

        List<DataGenSplit> splits = source.redistributeSplits(restored, 5);

        assertThat(splits).hasSize(6).allSatisfy(s -> assertThat(s.stride()).isEqualTo(3 * stride));
        assertThat(positions(splits, Long.MAX_VALUE)).hasSize(21);
        assertSameIndices(positions(splits, Long.MAX_VALUE), positions(restored, Long.MAX_VALUE), "near the top");
    }

    @Test
    void shouldRefuseZeroParallelism() {
        assertThatThrownBy(() -> DataGenSource.of(i -> i, 10).redistributeSplits(List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    /**
     * Property over seeds: a source read at one parallelism, snapshotted at arbitrary positions, re-divided
     * for another (and again for a third), and read to the end emits every index once; each result covers
     * exactly the positions of its input, has unique split ids and at least one split per subtask when
     * that many indices are left.
     */
    @Test
    void shouldEmitEveryIndexNotYetEmittedExactlyOnceAfterRescales() throws Exception {
        for (long seed = 0; seed < 400; seed++) {
            Random random = new Random(seed);
            long count = random.nextInt(4) == 0 ? random.nextInt(12) : random.nextInt(3000);
            DataGenSource<Long> source = DataGenSource.of(i -> i, count);
            int parallelism = 1 + random.nextInt(8);
            ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(source, parallelism, START_MS);
            List<Long> emitted = new ArrayList<>();
            for (int rescale = 0; rescale < 3; rescale++) {
                pollRandomly(driver, random, (int) (count / Math.max(1, parallelism)) + 2);
                emitted.addAll(driver.allElements());
                List<DataGenSplit> snapshot = DataGenSourceTest.roundTrip(source, driver.snapshotAll(rescale + 1));
                int next = 1 + random.nextInt(9);
                String what = "seed " + seed + ", count " + count + ", parallelism " + parallelism + " -> " + next;

                List<DataGenSplit> splits = source.redistributeSplits(snapshot, next);

                assertCoversExactly(splits, snapshot, next, what);
                parallelism = next;
                driver = new ReaderDriver<>(source, splits, parallelism, START_MS);
            }
            driver.drainAll((int) count + 2);
            emitted.addAll(driver.allElements());
            assertSameIndices(emitted, DataGenSourceTest.range(0, count), "seed " + seed);
        }
    }

    /** The same for unbounded sources, whose splits never finish: also every subtask's share of the indices. */
    @Test
    void shouldCoverEveryIndexOfAnUnboundedSourceAndShareItEvenly() throws Exception {
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            DataGenSource<Long> source = DataGenSource.unbounded(i -> i);
            int parallelism = 1 + random.nextInt(12);
            ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(source, parallelism, START_MS);
            for (int rescale = 0; rescale < 4; rescale++) {
                pollRandomly(driver, random, 200);
                List<DataGenSplit> snapshot = DataGenSourceTest.roundTrip(source, driver.snapshotAll(rescale + 1));
                int next = 1 + random.nextInt(12);
                String what = "seed " + seed + ", parallelism " + parallelism + " -> " + next;

                List<DataGenSplit> splits = source.redistributeSplits(snapshot, next);

                assertCoversExactly(splits, snapshot, next, what);
                // the rate limit applies per index: shares of all splits must still add up to the whole
                List<Double> shares = sharesBySubtask(splits, next);
                assertThat(shares.stream().mapToDouble(Double::doubleValue).sum()).as(what).isCloseTo(1.0,
                        offset(1e-9));
                double min = shares.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                double max = shares.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                assertThat(max).as("largest subtask share against the smallest, " + what)
                        .isLessThanOrEqualTo(min * 1.25 + 1e-12);
                parallelism = next;
                driver = new ReaderDriver<>(source, splits, parallelism, START_MS);
            }
        }
    }

    @ParameterizedTest(name = "{0} events/s, parallelism {1} -> {2}")
    @CsvSource({"100,2,3", "90,3,2", "120,1,4", "60,4,1", "1000,3,7"})
    void shouldKeepTheRateOfTheWholeSourceAfterARescale(double eventsPerSecond, int before, int after)
            throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, DataGenSource.UNBOUNDED).withRateLimit(eventsPerSecond);
        ReaderDriver<Long, DataGenSplit> first = ReaderDriver.fresh(source, before, START_MS);
        first.runUntil(START_MS + 999);
        Set<Long> emitted = new HashSet<>(first.allElements());
        List<DataGenSplit> splits = source.redistributeSplits(first.snapshotAll(1), after);

        long restoredMs = START_MS + 5_000;
        ReaderDriver<Long, DataGenSplit> second = new ReaderDriver<>(source, splits, after, restoredMs);
        second.runUntil(restoredMs + 1999);

        List<Long> later = second.allElements();
        // 2 s at the rate, give or take one row of indices of each stride (the splits start at their rows)
        long expected = (long) (2 * eventsPerSecond);
        int slack = splits.stream().mapToInt(DataGenSplit::stride).max().orElseThrow();
        assertThat((long) later.size()).isBetween(expected - slack, expected + slack);
        for (RecordingReaderOutput<Long> out : second.outputs) {
            assertThat(out.emitted.size()).as("each subtask takes part").isBetween(
                    (int) (expected / after) - slack, (int) (expected / after) + slack);
        }
        assertThat(later).doesNotHaveDuplicates().noneMatch(emitted::contains);
        assertThat(second.poll(0)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    }

    @Test
    void shouldStampEachRedividedSplitWithNonDecreasingScheduledTimes() throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 300).withRateLimit(100).withScheduledTimestamps();
        ReaderDriver<Long, DataGenSplit> first = ReaderDriver.fresh(source, 2, START_MS);
        first.runUntil(START_MS + 500);
        List<DataGenSplit> splits = source.redistributeSplits(first.snapshotAll(1), 3);

        ReaderDriver<Long, DataGenSplit> second = new ReaderDriver<>(source, splits, 3, START_MS + 10_000);
        second.drainAllAdvancingClock(100_000);

        for (RecordingReaderOutput<Long> out : second.outputs) {
            Map<String, List<Long>> timestampsBySplit = new HashMap<>();
            for (RecordingReaderOutput.Emitted<Long> e : out.emitted) {
                assertThat(e.splitId()).isNotNull();
                timestampsBySplit.computeIfAbsent(e.splitId(), k -> new ArrayList<>()).add(e.timestamp());
            }
            assertThat(timestampsBySplit).hasSize(2);
            timestampsBySplit.values().forEach(ts -> assertThat(ts).isSorted().allMatch(t -> t >= START_MS + 10_000));
            assertThat(out.releasedSplits).containsExactlyInAnyOrderElementsOf(timestampsBySplit.keySet());
        }
    }

    @Test
    void shouldRedistributeARateSourceLikeItsDataGenSource() {
        RateSource source = RateSource.of(10).limit(100);
        List<DataGenSplit> restored = List.of(new DataGenSplit(0, 2, 10, 100), new DataGenSplit(1, 2, 13, 100));

        assertThat(source.redistributeSplits(restored, 3)).hasSize(6)
                .isEqualTo(DataGenSource.of(i -> i, 100).redistributeSplits(restored, 3));
    }

    /** Polls each reader a random number of times, up to {@code maxPolls}; some finish, some never start. */
    private static void pollRandomly(ReaderDriver<Long, DataGenSplit> driver, Random random, int maxPolls)
            throws Exception {
        for (int s = 0; s < driver.readers.size(); s++) {
            int polls = random.nextInt(3) == 0 ? 0 : random.nextInt(maxPolls + 1);
            for (int i = 0; i < polls && driver.poll(s) == InputStatus.MORE_AVAILABLE; i++) {
                // emit
            }
        }
    }

    private static void assertCoversExactly(List<DataGenSplit> splits, List<DataGenSplit> restored, int parallelism,
                                            String what) {
        long window = 5_000; // unbounded splits are compared on the indices below a bound
        long lowest = restored.stream().filter(s -> !s.isFinished()).mapToLong(DataGenSplit::next).min().orElse(0);
        assertSameIndices(positions(splits, lowest + window), positions(restored, lowest + window),
                "positions of " + what);
        assertThat(splits).as("no finished split, " + what).noneMatch(DataGenSplit::isFinished);
        assertThat(splits).extracting(DataGenSplit::splitId).as("split ids of " + what).doesNotHaveDuplicates();
        long left = restored.stream().mapToLong(DataGenRedistributeSplitsTest::remaining).sum();
        assertThat((long) splits.size()).as("splits of " + what).isGreaterThanOrEqualTo(Math.min(parallelism, left));
        for (DataGenSplit s : splits) {
            assertThat(s.number()).as("number of %s, %s", s, what).isEqualTo((int) (s.next() % s.stride()));
        }
    }

    /** {@code actual} holds the indices of {@code expected} (which has no duplicates), each once. */
    private static void assertSameIndices(List<Long> actual, List<Long> expected, String what) {
        List<Long> sortedActual = new ArrayList<>(actual);
        List<Long> sortedExpected = new ArrayList<>(expected);
        sortedActual.sort(null);
        sortedExpected.sort(null);
        assertThat(sortedExpected).as("expected indices of " + what).doesNotHaveDuplicates();
        assertThat(sortedActual).as(what).isEqualTo(sortedExpected);
    }

    /** The indices of {@code splits} not yet emitted, below {@code limit}. */
    private static List<Long> positions(List<DataGenSplit> splits, long limit) {
        List<Long> all = new ArrayList<>();
        for (DataGenSplit s : splits) {
            for (long i = s.next(); i < Math.min(s.end(), limit); i += s.stride()) {
                all.add(i);
                if (i > Long.MAX_VALUE - s.stride()) {
                    break;
                }
            }
        }
        return all;
    }

    /** Per subtask (splits dealt {@code i % parallelism}), the share of all indices its splits hold. */
    private static List<Double> sharesBySubtask(List<DataGenSplit> splits, int parallelism) {
        List<Double> shares = new ArrayList<>();
        for (int s = 0; s < parallelism; s++) {
            double share = 0;
            for (int i = s; i < splits.size(); i += parallelism) {
                share += 1.0 / splits.get(i).stride();
            }
            shares.add(share);
        }
        return shares;
    }

    /** Indices left in a split, counted by hand. */
    private static long remaining(DataGenSplit s) {
        return s.isFinished() ? 0 : (s.end() - s.next() - 1) / s.stride() + 1;
    }
}
