package io.sluice.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyGroupsTest {

    private static final int[] MAX_PARALLELISMS = {1, 7, 128, 32768};

    /** Every (maxParallelism, parallelism) pair with parallelism in 1..min(maxParallelism, 64). */
    static Stream<Arguments> parallelisms() {
        List<Arguments> args = new ArrayList<>();
        for (int maxP : MAX_PARALLELISMS) {
            for (int p = 1; p <= Math.min(maxP, 64); p++) {
                args.add(Arguments.of(maxP, p));
            }
        }
        return args.stream();
    }

    static IntStream seeds() {
        return IntStream.range(0, 20);
    }

    @ParameterizedTest(name = "maxParallelism={0} parallelism={1}")
    @MethodSource("parallelisms")
    void shouldSplitKeyGroupsIntoDisjointContiguousRangesCoveringAllGroups(int maxP, int p) {
        int expectedNext = 0;
        for (int i = 0; i < p; i++) {
            KeyGroupRange r = KeyGroups.rangeFor(i, maxP, p);
            String where = "subtask " + i + " of " + p + " with maxParallelism " + maxP + ": " + r;
            // Each range starts right after the previous one: disjoint, no gap, in subtask order.
            assertThat(r.start()).as(where).isEqualTo(expectedNext);
            // p <= maxP, so no subtask is left without key groups.
            assertThat(r.size()).as(where).isGreaterThanOrEqualTo(1);
            // Even split: sizes differ by at most one.
            assertThat(r.size()).as(where).isBetween(maxP / p, (maxP + p - 1) / p);
            expectedNext = r.end() + 1;
        }
        assertThat(expectedNext).as("end of the last range + 1, maxParallelism " + maxP + " parallelism " + p)
                .isEqualTo(maxP);
    }

    @ParameterizedTest(name = "maxParallelism={0} parallelism={1}")
    @MethodSource("parallelisms")
    void shouldRouteEveryKeyGroupToTheSubtaskWhoseRangeContainsIt(int maxP, int p) {
        int[] owner = new int[maxP];
        Arrays.fill(owner, -1);
        for (int i = 0; i < p; i++) {
            KeyGroupRange r = KeyGroups.rangeFor(i, maxP, p);
            for (int kg = r.start(); kg <= r.end(); kg++) {
                assertThat(owner[kg]).as("key group %d claimed by subtasks %d and %d (maxP %d, p %d)",
                        kg, owner[kg], i, maxP, p).isEqualTo(-1);
                owner[kg] = i;
            }
        }
        for (int kg = 0; kg < maxP; kg++) {
            int subtask = KeyGroups.subtaskFor(kg, maxP, p);
            if (subtask != owner[kg]) {
                // One assertion per mismatch only: 32768 * 64 passing assertThat calls would be slow.
                assertThat(subtask).as("subtaskFor(%d, %d, %d)", kg, maxP, p).isEqualTo(owner[kg]);
            }
            assertThat(KeyGroups.rangeFor(owner[kg], maxP, p).contains(kg)).isTrue();
        }
    }

    @Test
    void shouldRefuseMoreSubtasksThanKeyGroups() {
        assertThatThrownBy(() -> KeyGroups.rangeFor(0, 128, 129))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism 129")
                .hasMessageContaining("maxParallelism 128");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldMapEveryKeyDeterministicallyIntoRange(int seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 2_000; n++) {
            Object key = randomKey(random);
            Object equalKey = copyOf(key);
            for (int maxP : MAX_PARALLELISMS) {
                int kg = KeyGroups.keyGroupFor(key, maxP);
                String where = "seed " + seed + ", key " + key + ", maxParallelism " + maxP;
                assertThat(kg).as(where).isBetween(0, maxP - 1);
                assertThat(KeyGroups.keyGroupFor(key, maxP)).as(where + " (asked twice)").isEqualTo(kg);
                assertThat(KeyGroups.keyGroupFor(equalKey, maxP)).as(where + " (an equal, distinct key)")
                        .isEqualTo(kg);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x7fffffff - 1, 0x80000001})
    void shouldKeepExtremeHashCodesInRange(int hashCode) {
        Object key = new Object() {
            @Override
            public int hashCode() {
                return hashCode;
            }
        };
        for (int maxP : MAX_PARALLELISMS) {
            assertThat(KeyGroups.keyGroupFor(key, maxP)).as("hashCode %d, maxParallelism %d", hashCode, maxP)
                    .isBetween(0, maxP - 1);
        }
    }

    @Test
    void shouldSpreadSmallIntegerKeysOverAllKeyGroups() {
        int maxP = 128;
        int keys = 10_000;
        int[] counts = new int[maxP];
        for (int k = 0; k < keys; k++) {
            counts[KeyGroups.keyGroupFor(k, maxP)]++;
        }
        double mean = (double) keys / maxP;
        for (int kg = 0; kg < maxP; kg++) {
            assertThat(counts[kg]).as("keys 0..%d in key group %d (mean %.1f)", keys - 1, kg, mean)
                    .isGreaterThan(0)
                    .isLessThanOrEqualTo((int) (2 * mean));
        }
    }

    @Test
    void shouldSpreadSmallIntegerKeysOverAllSubtasks() {
        int maxP = 128;
        int p = 5;
        int[] counts = new int[p];
        for (int k = 0; k < 1_000; k++) {
            counts[KeyGroups.subtaskFor(KeyGroups.keyGroupFor(k, maxP), maxP, p)]++;
        }
        for (int i = 0; i < p; i++) {
            assertThat(counts[i]).as("keys 0..999 on subtask %d of %d", i, p).isBetween(100, 300);
        }
    }

    /**
     * Savepoints store state by key group: the mapping must never change between versions, or
     * restored state would land on the wrong keys. The mix is Murmur3 x86_32 with seed 0 of the
     * hash code's four little-endian bytes; the expected values are the published test vectors.
     */
    @Test
    void shouldKeepTheKeyGroupOfAKeyStableAcrossVersions() {
        assertThat(KeyGroups.murmurMix(0)).isEqualTo(0x2362f9de);
        assertThat(KeyGroups.murmurMix(0x87654321)).isEqualTo(0xf55b516b);
        assertThat(KeyGroups.murmurMix(-1)).isEqualTo(0x76293b50);
        assertThat(KeyGroups.keyGroupFor(0, 128)).isEqualTo((0x2362f9de & 0x7fffffff) % 128);
        assertThat(KeyGroups.keyGroupFor("sluice", 128))
                .isEqualTo((KeyGroups.murmurMix("sluice".hashCode()) & 0x7fffffff) % 128);
    }

    @Test
    void shouldRejectANullKeyWithAClearMessage() {
        assertThatThrownBy(() -> KeyGroups.keyGroupFor(null, 128))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("a key must not be null: the key selector returned null");
    }

    private static Object randomKey(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt();
            case 1:
                return random.nextLong();
            case 2:
                return random.nextInt(100) - 50;
            default:
                char[] chars = new char[random.nextInt(12)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) ('a' + random.nextInt(26));
                }
                return new String(chars);
        }
    }

    /** An equal key that is a different object, as a deserialized or re-computed key would be. */
    private static Object copyOf(Object key) {
        if (key instanceof String s) {
            return new String(s.toCharArray());
        }
        if (key instanceof Integer i) {
            return Integer.valueOf(i.toString());
        }
        return Long.valueOf(key.toString());
    }
}
