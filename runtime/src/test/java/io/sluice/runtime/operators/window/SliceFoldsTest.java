package io.sluice.runtime.operators.window;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap fold table on its own: every element lands in the entry of its key and slice, whatever
 * the keys' classes, and a drain hands back each entry once, in the order the entries were made.
 */
class SliceFoldsTest {

    /** Sums {@code Long} elements; the first element is its own accumulator. */
    private static final Fold SUM = (acc, e) -> acc == null ? e : (Long) acc + (Long) e;

    /** One drained entry. */
    record Entry(Object key, long slice, long timestamp, Object accumulator, int elements) {
    }

    /** A key whose hash code is chosen, equal only to a key of the same name. */
    static final class NamedKey {
        final String name;
        final int hash;

        NamedKey(String name, int hash) {
            this.name = name;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NamedKey k && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Entry> drain(SliceFolds folds) {
        List<Entry> out = new ArrayList<>();
        folds.<RuntimeException>drain((key, slice, ts, acc, n) -> out.add(new Entry(key, slice, ts, acc, n)));
        return out;
    }

    @Test
    void longKeysFoldPerKeyAndSliceAcrossGrowth() throws Exception {
        SliceFolds folds = new SliceFolds();
        Map<List<Long>, long[]> expected = new LinkedHashMap<>(); // (key, slice) -> sum, elements, first ts
        int keys = SliceFolds.INITIAL_CAPACITY * 3; // the table doubles twice on the way
        for (int round = 0; round < 3; round++) {
            for (long k = 0; k < keys; k++) {
                long key = k * 1_000_003L - 40_000; // negative keys too, and keys far apart
                long slice = 1_000 + (k % 2) * 1_000;
                long ts = round * 10 + k;
                long value = k + round;
                folds.add(key, slice, ts, value, SUM);
                long[] e = expected.computeIfAbsent(List.of(key, slice), x -> new long[] {0, 0, ts});
                e[0] += value;
                e[1]++;
            }
        }
        assertThat(folds.size()).isEqualTo(keys);
        List<Entry> drained = drain(folds);
        assertThat(drained).hasSize(keys);
        int i = 0;
        for (Map.Entry<List<Long>, long[]> e : expected.entrySet()) {
            Entry d = drained.get(i++);
            assertThat(d).isEqualTo(new Entry(e.getKey().get(0), e.getKey().get(1), e.getValue()[2],
                    e.getValue()[0], (int) e.getValue()[1]));
        }
        assertThat(folds.size()).isZero();
        folds.add(5L, 3_000, 7, 11L, SUM); // a drained table starts empty
        assertThat(drain(folds)).containsExactly(new Entry(5L, 3_000, 7, 11L, 1));
    }

    @Test
    void aKeyOfAnotherClassWithTheSameHashIsAnotherEntry() throws Exception {
        SliceFolds folds = new SliceFolds();
        NamedKey seven = new NamedKey("seven", 7);
        folds.add(seven, 1_000, 1, 100L, SUM); // the Long 7's hash, so the same first slot
        folds.add(7L, 1_000, 2, 1L, SUM);
        folds.add(7, 1_000, 3, 10L, SUM); // an Integer 7: not equal to the Long 7
        folds.add(7L, 1_000, 4, 1L, SUM);
        folds.add(seven, 1_000, 5, 100L, SUM);
        folds.add(7, 1_000, 6, 10L, SUM);
        folds.add(new NamedKey("seven", 7), 1_000, 7, 100L, SUM); // equal to seven
        assertThat(drain(folds)).containsExactly(
                new Entry(seven, 1_000, 1, 300L, 3),
                new Entry(7L, 1_000, 2, 2L, 2),
                new Entry(7, 1_000, 3, 20L, 2));
    }

    @Test
    void longKeysAfterAKeyOfAnotherClassAreStillFound() throws Exception {
        SliceFolds folds = new SliceFolds();
        for (long k = 0; k < 100; k++) {
            folds.add(k, 1_000, k, 1L, SUM);
        }
        folds.add("a string", 1_000, 100, 1L, SUM);
        for (long k = 0; k < 100; k++) {
            folds.add(k, 1_000, k, 1L, SUM);
            folds.add(k, 2_000, k, 5L, SUM);
        }
        List<Entry> drained = drain(folds);
        assertThat(drained).hasSize(201);
        for (long k = 0; k < 100; k++) {
            assertThat(drained.get((int) k)).isEqualTo(new Entry(k, 1_000, k, 2L, 2));
        }
        assertThat(drained.get(100)).isEqualTo(new Entry("a string", 1_000, 100, 1L, 1));
        assertThat(drained.stream().skip(101).map(e -> Objects.requireNonNull(e.accumulator())))
                .containsOnly(5L);
    }
}
