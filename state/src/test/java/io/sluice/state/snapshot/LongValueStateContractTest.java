package io.sluice.state.snapshot;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.LongValueState;
import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.api.state.StateTtlConfig;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LongValueState} on both backends against a {@code HashMap} model under random operations,
 * over several seeds; its snapshots restore into either backend, whole or halved, as a
 * {@code LongValueState} or as a {@code ValueState<Long>} (and the reverse), byte for byte the
 * same; a capture holds the values of when it was taken; mixing the two handles under one name,
 * and a time to live, are refused.
 */
class LongValueStateContractTest {

    private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);
    private static final LongValueStateDescriptor COUNT = new LongValueStateDescriptor("count");
    private static final ValueStateDescriptor<Long> COUNT_BOXED = new ValueStateDescriptor<>("count", Long.class);
    private static final long ABSENT = Long.MIN_VALUE;
    private static final long[] SEEDS = {1, 7, 42, 2024};

    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        return Stream.of(Backends.values()).flatMap(from -> Stream.of(Backends.values()).map(to -> Arguments.of(from, to)));
    }

    private static void key(KeyedStateBackend b, long k) {
        b.setCurrentKey(k, KeyGroups.keyGroupFor(k, Backends.MAX_PARALLELISM));
    }

    /** Random add, update, clear, reads (checked as they go) over keys [0, keys); returns the model. */
    private static Map<Long, Long> randomOperations(KeyedStateBackend b, LongValueState s, long seed, int keys, int ops) {
        Random random = new Random(seed);
        Map<Long, Long> model = new HashMap<>();
        for (int i = 0; i < ops; i++) {
            long k = random.nextInt(keys);
            key(b, k);
            Long expected = model.get(k);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    long delta = random.nextInt(2001) - 1000;
                    long sum = (expected == null ? 0 : expected) + delta;
                    assertThat(s.add(delta)).as("add(%d) for key %d, seed %d", delta, k, seed).isEqualTo(sum);
                    model.put(k, sum);
                }
                case 2 -> {
                    long v = random.nextLong();
                    s.update(v);
                    model.put(k, v);
                }
                case 3 -> {
                    s.clear();
                    model.remove(k);
                }
                default -> {
                    assertThat(s.isPresent()).as("isPresent for key %d, seed %d", k, seed).isEqualTo(expected != null);
                    assertThat(s.value(ABSENT)).as("value for key %d, seed %d", k, seed)
                            .isEqualTo(expected == null ? ABSENT : expected);
                }
            }
        }
        return model;
    }

    /** Every key in [0, keys) read through {@code s}: its value, or none. */
    private static void assertHolds(KeyedStateBackend b, LongValueState s, Map<Long, Long> model, int keys) {
        for (long k = 0; k < keys; k++) {
            key(b, k);
            Long expected = model.get(k);
            assertThat(s.isPresent()).as("isPresent for key %d", k).isEqualTo(expected != null);
            assertThat(s.value(ABSENT)).as("value for key %d", k).isEqualTo(expected == null ? ABSENT : expected);
        }
        assertThat(new TreeSet<>(b.keys("count"))).isEqualTo(new TreeSet<>(model.keySet()));
    }

    private static void assertHoldsBoxed(KeyedStateBackend b, ValueState<Long> s, Map<Long, Long> model, int keys) {
        for (long k = 0; k < keys; k++) {
            key(b, k);
            assertThat(s.value()).as("value for key %d", k).isEqualTo(model.get(k));
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void shouldMatchAMapModelUnderRandomOperations(Backends backend) {
        for (long seed : SEEDS) {
            try (KeyedStateBackend b = backend.create("long", 0, 127)) {
                LongValueState s = b.getOrCreateState(COUNT, null);
                Map<Long, Long> model = randomOperations(b, s, seed, 500, 20_000);
                assertHolds(b, s, model, 500);
                assertThat(b.numEntries()).isEqualTo(model.size());
            }
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void shouldRestoreIntoEitherBackendWholeAndHalvedAsLongOrBoxedState(Backends from, Backends to) throws Exception {
        for (long seed : SEEDS) {
            Path file = dir.resolve(from + "-" + seed + ".snap");
            Map<Long, Long> model;
            try (KeyedStateBackend b = from.create("long", 0, 127)) {
                LongValueState s = b.getOrCreateState(COUNT, null);
                model = randomOperations(b, s, seed, 800, 10_000);
                Backends.write(b, ALL, file);
            }
            try (KeyedStateBackend b = to.create("long", 0, 127)) {
                b.restore(List.of(file));
                LongValueState s = b.getOrCreateState(COUNT, null);
                assertHolds(b, s, model, 800);
                // the restored state goes on counting
                key(b, 3);
                long before = s.value(0);
                assertThat(s.add(5)).isEqualTo(before + 5);
            }
            try (KeyedStateBackend b = to.create("long", 0, 127)) {
                b.restore(List.of(file));
                assertHoldsBoxed(b, b.getOrCreateState(COUNT_BOXED, null), model, 800);
            }
            // a lower and a higher parallelism: two halves, then each half's snapshot into one again
            Path low = dir.resolve("low-" + seed + ".snap");
            Path high = dir.resolve("high-" + seed + ".snap");
            try (KeyedStateBackend lo = to.create("long", 0, 63); KeyedStateBackend hi = to.create("long", 64, 127)) {
                lo.restore(List.of(file));
                hi.restore(List.of(file));
                Map<Long, Long> lowModel = new HashMap<>();
                Map<Long, Long> highModel = new HashMap<>();
                model.forEach((k, v) -> (KeyGroups.keyGroupFor(k, Backends.MAX_PARALLELISM) < 64 ? lowModel : highModel)
                        .put(k, v));
                checkOwnKeys(lo, lowModel);
                checkOwnKeys(hi, highModel);
                Backends.write(lo, new KeyGroupRange(0, 63), low);
                Backends.write(hi, new KeyGroupRange(64, 127), high);
            }
            try (KeyedStateBackend b = from.create("long", 0, 127)) {
                b.restore(List.of(low, high));
                assertHolds(b, b.getOrCreateState(COUNT, null), model, 800);
            }
        }
    }

    private static void checkOwnKeys(KeyedStateBackend b, Map<Long, Long> model) {
        LongValueState s = b.getOrCreateState(COUNT, null);
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            key(b, e.getKey());
            assertThat(s.value(ABSENT)).as("value for key %d", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(new TreeSet<>(b.keys("count"))).isEqualTo(new TreeSet<>(model.keySet()));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void shouldRestoreAValueStateOfLongsAsLongState(Backends from, Backends to) throws Exception {
        Path file = dir.resolve("boxed.snap");
        Map<Long, Long> model = new TreeMap<>();
        try (KeyedStateBackend b = from.create("long", 0, 127)) {
            ValueState<Long> boxed = b.getOrCreateState(COUNT_BOXED, null);
            Random random = new Random(11);
            for (long k = 0; k < 600; k++) {
                if (random.nextInt(4) != 0) {
                    key(b, k);
                    long v = random.nextLong();
                    boxed.update(v);
                    model.put(k, v);
                }
            }
            Backends.write(b, ALL, file);
        }
        try (KeyedStateBackend b = to.create("long", 0, 127)) {
            b.restore(List.of(file));
            assertHolds(b, b.getOrCreateState(COUNT, null), model, 600);
        }
    }

    @Test
    void shouldWriteTheSameBytesAsAValueStateOfLongsOnBothBackends() throws Exception {
        Map<Long, Long> model = new HashMap<>();
        for (long k = 0; k < 300; k++) {
            model.put(k, k * 1_000_003L - 17);
        }
        byte[] reference = null;
        for (Backends backend : Backends.values()) {
            for (boolean asLong : new boolean[] {true, false}) {
                Path file = dir.resolve(backend + "-" + asLong + ".snap");
                try (KeyedStateBackend b = backend.create("long", 0, 127)) {
                    LongValueState s = asLong ? b.getOrCreateState(COUNT, null) : null;
                    ValueState<Long> boxed = asLong ? null : b.getOrCreateState(COUNT_BOXED, null);
                    for (Map.Entry<Long, Long> e : model.entrySet()) {
                        key(b, e.getKey());
                        if (asLong) {
                            s.update(e.getValue());
                        } else {
                            boxed.update(e.getValue());
                        }
                    }
                    Backends.write(b, ALL, file);
                }
                byte[] bytes = Files.readAllBytes(file);
                if (reference == null) {
                    reference = bytes;
                } else {
                    assertThat(bytes).as("%s, %s", backend, asLong ? "LongValueState" : "ValueState<Long>")
                            .isEqualTo(reference);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void shouldWriteTheValuesOfWhenTheCaptureWasTaken(Backends backend) throws Exception {
        Path file = dir.resolve("cow.snap");
        Map<Long, Long> atCapture;
        Map<Long, Long> after;
        try (KeyedStateBackend b = backend.create("long", 0, 127)) {
            LongValueState s = b.getOrCreateState(COUNT, null);
            atCapture = randomOperations(b, s, 5, 400, 4_000);
            KeyedStateSnapshot capture = Backends.snapshot(b, ALL);
            try {
                after = new HashMap<>(atCapture);
                Random random = new Random(6);
                for (int i = 0; i < 3_000; i++) { // adds to captured keys and new ones, updates and clears
                    long k = random.nextInt(500);
                    key(b, k);
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            s.update(-k);
                            after.put(k, -k);
                        }
                        case 1 -> {
                            s.clear();
                            after.remove(k);
                        }
                        default -> after.put(k, s.add(k + 1));
                    }
                }
                capture.writeTo(file);
            } finally {
                capture.release();
            }
            assertHolds(b, s, after, 500);
        }
        assertThat(after).isNotEqualTo(atCapture);
        for (Backends to : Backends.values()) {
            try (KeyedStateBackend b = to.create("long", 0, 127)) {
                b.restore(List.of(file));
                assertHolds(b, b.getOrCreateState(COUNT, null), atCapture, 500);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void shouldKeepOneValuePerNamespace(Backends backend) {
        try (KeyedStateBackend b = backend.create("long", 0, 127)) {
            LongValueState s = b.getOrCreateState(new LongValueStateDescriptor("per-window"), Serializers.LONG);
            @SuppressWarnings("unchecked")
            InternalKvState<Long> scoped = (InternalKvState<Long>) s;
            Map<String, Long> model = new HashMap<>();
            Random random = new Random(3);
            for (int i = 0; i < 5_000; i++) {
                long k = random.nextInt(50);
                long ns = random.nextInt(4);
                key(b, k);
                scoped.setCurrentNamespace(ns);
                long delta = random.nextInt(10);
                assertThat(s.add(delta)).isEqualTo(model.merge(k + "/" + ns, delta, Long::sum));
            }
            for (long k = 0; k < 50; k++) {
                key(b, k);
                for (long ns = 0; ns < 4; ns++) {
                    scoped.setCurrentNamespace(ns);
                    Long expected = model.get(k + "/" + ns);
                    assertThat(s.value(ABSENT)).isEqualTo(expected == null ? ABSENT : expected);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void shouldRefuseBothHandlesUnderOneName(Backends backend) {
        try (KeyedStateBackend b = backend.create("long", 0, 127)) {
            b.getOrCreateState(COUNT, null);
            assertThatThrownBy(() -> b.getOrCreateState(COUNT_BOXED, null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("state 'count' of operator 'long' was registered as a LongValueState");
        }
    }

    @Test
    void shouldRefuseATimeToLiveNamingTheState() {
        assertThatThrownBy(() -> new LongValueStateDescriptor("clicks")
                .enableTimeToLive(StateTtlConfig.of(Duration.ofMinutes(5))))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("long state 'clicks' cannot have a time to live");
    }
}
