package io.sluice.api.windowing;

import io.sluice.api.testing.RandomValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Random windows and timestamps, one run per seed; the seed is in every assertion message. */
class WindowPropertiesTest {

    /** Timestamps far enough from the ends of the long range that {@code t - offset} cannot overflow. */
    private static final long T = 1L << 60;

    record SizeAndOffset(long size, long offset) {
    }

    static LongStream seeds() {
        return RandomValues.seeds(200);
    }

    static LongStream sessionSeeds() {
        return RandomValues.seeds(500);
    }

    /** A size in {@code [1, 10^9]} and an offset in {@code [-(size - 1), size - 1]}. */
    private static SizeAndOffset sizeAndOffset(RandomValues random) {
        long size = random.longBetween(1, 1_000_000_000L);
        return new SizeAndOffset(size, random.longBetween(-(size - 1), size - 1));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void windowStartHoldsTheTimestampAndIsAlignedToTheOffset(long seed) {
        RandomValues random = new RandomValues(seed);
        long t = random.longBetween(-T, T);
        SizeAndOffset so = sizeAndOffset(random);
        String inputs = "seed " + seed + ", t " + t + ", " + so;

        long start = TimeWindow.windowStart(t, so.offset(), so.size());

        assertThat(start).as(inputs).isLessThanOrEqualTo(t);
        assertThat(t).as(inputs).isLessThan(start + so.size());
        assertThat((start - so.offset()) % so.size()).as(inputs).isZero();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tumblingWindowsAssignExactlyOneWindowOfTheSizeHoldingTheTimestamp(long seed) {
        RandomValues random = new RandomValues(seed);
        long t = random.longBetween(-T, T);
        SizeAndOffset so = sizeAndOffset(random);
        String inputs = "seed " + seed + ", t " + t + ", " + so;
        TumblingEventTimeWindows<Object> assigner = TumblingEventTimeWindows.of(Duration.ofMillis(so.size()),
                Duration.ofMillis(so.offset()));

        List<TimeWindow> windows = assigner.assignWindows("x", t, 0);

        assertThat(windows).as(inputs).hasSize(1);
        TimeWindow w = windows.get(0);
        assertThat(w.end() - w.start()).as(inputs).isEqualTo(so.size());
        assertThat(w.start()).as(inputs).isLessThanOrEqualTo(t);
        assertThat(w.maxTimestamp()).as(inputs).isGreaterThanOrEqualTo(t);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void slidingWindowsAssignSizeOverSlideWindowsEachHoldingTheTimestamp(long seed) {
        RandomValues random = new RandomValues(seed);
        long t = random.longBetween(-T, T);
        long slide = random.longBetween(1, 1_000_000);
        int windowsPerElement = random.intBetween(1, 30);
        int offsetPerMille = random.intBetween(0, 999);
        String inputs = "seed " + seed + ", t " + t + ", slide " + slide + ", windows per element "
                + windowsPerElement + ", offset per mille " + offsetPerMille;
        long size = slide * windowsPerElement;
        long offset = slide * offsetPerMille / 1000;
        SlidingEventTimeWindows<Object> assigner = SlidingEventTimeWindows.of(Duration.ofMillis(size),
                Duration.ofMillis(slide), Duration.ofMillis(offset));

        List<TimeWindow> windows = assigner.assignWindows("x", t, 0);

        assertThat(windows).as(inputs).hasSize(windowsPerElement);
        assertThat(new HashSet<>(windows)).as(inputs).hasSize(windowsPerElement);
        for (TimeWindow w : windows) {
            assertThat(w.end() - w.start()).as(inputs).isEqualTo(size);
            assertThat(w.start()).as(inputs).isLessThanOrEqualTo(t);
            assertThat(t).as(inputs).isLessThan(w.end());
            assertThat((w.start() - offset) % slide).as(inputs).isZero();
        }
    }

    /**
     * Merging the session windows of random elements gives the same sessions as a brute-force model:
     * connected components of the "intersects" relation, each covered by one window.
     */
    @ParameterizedTest
    @MethodSource("sessionSeeds")
    void mergedSessionWindowsMatchABruteForceModel(long seed) {
        RandomValues random = new RandomValues(seed);
        List<Long> timestamps = random.listOf(40, () -> random.longBetween(-1_000, 1_000));
        long gap = random.longBetween(1, 200);
        String inputs = "seed " + seed + ", gap " + gap + ", timestamps " + timestamps;
        EventTimeSessionWindows<Object> sessions = EventTimeSessionWindows.withGap(Duration.ofMillis(gap));
        Set<TimeWindow> windows = new LinkedHashSet<>();
        for (long t : timestamps) {
            windows.addAll(sessions.assignWindows("x", t, 0));
        }

        // apply the reported merges to the window set, as the runtime does
        Set<TimeWindow> result = new HashSet<>(windows);
        sessions.mergeWindows(windows, (group, merged) -> {
            assertThat(group).as(inputs).hasSizeGreaterThan(1);
            TimeWindow cover = group.iterator().next();
            for (TimeWindow w : group) {
                assertThat(result.remove(w)).as("%s: each window is merged at most once: %s", inputs, w).isTrue();
                cover = cover.cover(w);
            }
            assertThat(merged).as(inputs).isEqualTo(cover);
            result.add(merged);
        });

        assertThat(result).as(inputs).containsExactlyInAnyOrderElementsOf(bruteForceSessions(windows));
        for (TimeWindow a : result) {
            for (TimeWindow b : result) {
                if (a != b) {
                    assertThat(a.intersects(b)).as("%s: %s and %s are disjoint", inputs, a, b).isFalse();
                }
            }
        }
        for (TimeWindow original : windows) {
            long holders = result.stream()
                    .filter(r -> r.start() <= original.start() && original.end() <= r.end()).count();
            assertThat(holders).as("%s: results covering %s", inputs, original).isEqualTo(1);
        }
    }

    /** Connected components by repeated pairwise union until nothing changes: slow, obviously right. */
    private static Set<TimeWindow> bruteForceSessions(Set<TimeWindow> windows) {
        List<TimeWindow> current = new ArrayList<>(windows);
        boolean changed = true;
        while (changed) {
            changed = false;
            outer:
            for (int i = 0; i < current.size(); i++) {
                for (int j = i + 1; j < current.size(); j++) {
                    if (current.get(i).intersects(current.get(j))) {
                        TimeWindow merged = current.get(i).cover(current.get(j));
                        current.remove(j);
                        current.set(i, merged);
                        changed = true;
                        break outer;
                    }
                }
            }
        }
        return new HashSet<>(current);
    }
}
