package io.sluice.state.offheap;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Off-heap snapshots by key group: restored whole, in halves, from halves; timers; a capture written
 * on another thread while the task changes state. Corruption, truncation, other versions and both
 * backends are in {@link io.sluice.state.snapshot.CrossBackendSnapshotTest}.
 */
class KeyGroupSnapshotTest {

    private static final int MAX = 128;
    private static final List<String> WINDOWS = List.of("w1", "w2");

    @TempDir
    Path dir;

    private static final AggregateFunction<Long, Long, Long> SUM = new AggregateFunction<>() {
        public Long createAccumulator() {
            return 0L;
        }

        public Long add(Long value, Long acc) {
            return acc + value;
        }

        public Long getResult(Long acc) {
            return acc;
        }

        public Long merge(Long a, Long b) {
            return a + b;
        }
    };

    /** One handle of each kind, the window-scoped ones on String namespaces. */
    private record Handles(ValueState<Long> value, ListState<String> list, MapState<Integer, String> map,
                           ReducingState<Long> reducing, AggregatingState<Long, Long> aggregating) {
        static Handles of(OffHeapKeyedStateBackend b) {
            return new Handles(
                    b.getOrCreateState(new ValueStateDescriptor<>("value", Long.class), null),
                    b.getOrCreateState(new ListStateDescriptor<>("list", String.class), Serializers.STRING),
                    b.getOrCreateState(new MapStateDescriptor<>("map", Integer.class, String.class), null),
                    b.getOrCreateState(new ReducingStateDescriptor<>("reducing", Long::sum, Long.class), Serializers.STRING),
                    b.getOrCreateState(new AggregatingStateDescriptor<>("aggregating", SUM, Long.class), null));
        }

        @SuppressWarnings("unchecked")
        void window(String w) {
            ((InternalKvState<String>) list).setCurrentNamespace(w);
            ((InternalKvState<String>) reducing).setCurrentNamespace(w);
        }
    }

    private static OffHeapKeyedStateBackend backend(int first, int last) {
        return new OffHeapKeyedStateBackend(new KeyedBackendParameters("snap", 0, MAX, new KeyGroupRange(first, last)),
                null, 256L << 20);
    }

    private static void key(OffHeapKeyedStateBackend b, long k) {
        b.setCurrentKey(k, KeyGroups.keyGroupFor(k, MAX));
    }

    /** Fills a backend over all key groups with random content; returns a description of it per key. */
    private static Map<Long, String> fill(OffHeapKeyedStateBackend b, int keys, long seed) {
        Random r = new Random(seed);
        Handles h = Handles.of(b);
        for (int i = 0; i < keys * 6; i++) {
            long k = r.nextInt(keys);
            key(b, k);
            String w = WINDOWS.get(r.nextInt(2));
            h.window(w);
            switch (r.nextInt(5)) {
                case 0 -> h.value().update(r.nextLong());
                case 1 -> h.list().add("e" + r.nextInt(1000) + "x".repeat(r.nextInt(40)));
                case 2 -> h.map().put(r.nextInt(8), "m" + r.nextInt());
                case 3 -> h.reducing().add((long) r.nextInt(100));
                default -> h.aggregating().add((long) r.nextInt(100));
            }
        }
        return describe(b, keys);
    }

    /** Everything the backend holds for keys 0..keys-1 that it owns, as text per key. */
    private static Map<Long, String> describe(OffHeapKeyedStateBackend b, int keys) {
        Handles h = Handles.of(b);
        Map<Long, String> out = new TreeMap<>();
        for (long k = 0; k < keys; k++) {
            if (!b.keyGroupRange().contains(KeyGroups.keyGroupFor(k, MAX))) {
                continue;
            }
            key(b, k);
            StringBuilder s = new StringBuilder();
            s.append("value=").append(h.value().value());
            s.append(" map=").append(new TreeMap<>(toMap(h.map())));
            s.append(" agg=").append(h.aggregating().get());
            for (String w : WINDOWS) {
                h.window(w);
                s.append(' ').append(w).append(":list=").append(listOf(h.list().get()))
                        .append(",reduce=").append(h.reducing().get());
            }
            out.put(k, s.toString());
        }
        return out;
    }

    private static Map<Integer, String> toMap(MapState<Integer, String> m) {
        Map<Integer, String> out = new HashMap<>();
        m.entries().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static List<String> listOf(Iterable<String> it) {
        List<String> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    @Test
    void restoresWholeInHalvesAndFromHalvesWithIdenticalContents() throws Exception {
        int keys = 3000;
        Map<Long, String> expected;
        long entries;
        Path all = dir.resolve("all.snap");
        Path low = dir.resolve("low.snap");
        Path high = dir.resolve("high.snap");
        try (OffHeapKeyedStateBackend original = backend(0, 127)) {
            expected = fill(original, keys, 42);
            entries = original.numEntries();
            KeyGroupSnapshot.write(original, new KeyGroupRange(0, 127), all);
            KeyGroupSnapshot.write(original, new KeyGroupRange(0, 63), low);
            KeyGroupSnapshot.write(original, new KeyGroupRange(64, 127), high);
        }
        assertThat(entries).isGreaterThan(3000);

        try (OffHeapKeyedStateBackend whole = backend(0, 127)) {
            KeyGroupSnapshot.restore(whole, List.of(all));
            assertThat(whole.numEntries()).isEqualTo(entries);
            assertThat(describe(whole, keys)).isEqualTo(expected);
        }
        try (OffHeapKeyedStateBackend first = backend(0, 63); OffHeapKeyedStateBackend second = backend(64, 127)) {
            KeyGroupSnapshot.restore(first, List.of(all));
            KeyGroupSnapshot.restore(second, List.of(all));
            assertThat(first.numEntries() + second.numEntries()).isEqualTo(entries);
            Map<Long, String> both = new TreeMap<>(describe(first, keys));
            both.putAll(describe(second, keys));
            assertThat(both).isEqualTo(expected);
        }
        try (OffHeapKeyedStateBackend fromHalves = backend(0, 127)) {
            KeyGroupSnapshot.restore(fromHalves, List.of(low, high));
            assertThat(describe(fromHalves, keys)).isEqualTo(expected);
        }
        try (OffHeapKeyedStateBackend thirds = backend(43, 85)) { // a range cutting across both files
            KeyGroupSnapshot.restore(thirds, List.of(low, high));
            Map<Long, String> part = new TreeMap<>(expected);
            part.keySet().removeIf(k -> !thirds.keyGroupRange().contains(KeyGroups.keyGroupFor(k, MAX)));
            assertThat(describe(thirds, keys)).isEqualTo(part);
        }
    }

    /** Drains every timer of {@code b}'s queue as "time key namespace", checking they come out in time order. */
    private static List<String> drainTimers(OffHeapKeyedStateBackend b) {
        io.sluice.state.KeyedTimerQueue<String> q = b.timerQueue("timers", Serializers.STRING);
        List<String> out = new ArrayList<>();
        long last = Long.MIN_VALUE;
        while (!q.isEmpty()) {
            long time = q.peekTimestamp();
            assertThat(time).isGreaterThanOrEqualTo(last);
            String ns = q.poll();
            assertThat(b.currentKeyGroup()).isEqualTo(KeyGroups.keyGroupFor(b.currentKey(), MAX));
            out.add(time + " " + b.currentKey() + " " + ns);
            last = time;
        }
        return out;
    }

    @Test
    void timersAreSnapshottedByKeyGroupAndComeBackInOrderWhereverTheyAreRestored() throws Exception {
        Path all = dir.resolve("timers.snap");
        List<String> expected = new ArrayList<>();
        try (OffHeapKeyedStateBackend original = backend(0, 127)) {
            io.sluice.state.KeyedTimerQueue<String> q = original.timerQueue("timers", Serializers.STRING);
            Random r = new Random(7);
            for (int i = 0; i < 20_000; i++) {
                key(original, r.nextInt(2_000));
                long time = r.nextInt(5_000);
                String w = WINDOWS.get(r.nextInt(2));
                if (r.nextInt(4) == 0) {
                    q.remove(time, w);
                } else {
                    q.add(time, w);
                }
            }
            assertThat(q.size()).isGreaterThan(10_000);
            KeyGroupSnapshot.write(original, new KeyGroupRange(0, 127), all);
            expected.addAll(drainTimers(original));
        }
        expected.sort(null);
        // restored into two halves: a queue that exists before the restore is rebuilt, one created after sees the timers
        try (OffHeapKeyedStateBackend first = backend(0, 63); OffHeapKeyedStateBackend second = backend(64, 127)) {
            first.timerQueue("timers", Serializers.STRING);
            key(first, 0L); // the key serializer is inferred from the first key
            key(second, 0L);
            KeyGroupSnapshot.restore(first, List.of(all));
            KeyGroupSnapshot.restore(second, List.of(all));
            List<String> both = new ArrayList<>(drainTimers(first));
            both.addAll(drainTimers(second));
            both.sort(null);
            assertThat(both).isEqualTo(expected);
        }
    }

    @Test
    void aSnapshotWrittenOnAnotherThreadWhileTheTaskKeepsChangingStateHoldsTheCapturedState() throws Exception {
        int keys = 2000;
        Path file = dir.resolve("async.snap");
        try (OffHeapKeyedStateBackend live = backend(0, 127)) {
            Map<Long, String> atCapture = fill(live, keys, 3);
            long entriesAtCapture = live.numEntries();
            KeyGroupSnapshot.Capture capture = KeyGroupSnapshot.capture(live, new KeyGroupRange(0, 127));

            // the task goes on: overwrite, append, grow maps, clear, add new keys (tables resize)
            Map<Long, String> after = fill(live, keys * 3, 4);
            Handles h = Handles.of(live);
            for (long k = 0; k < keys; k += 3) {
                key(live, k);
                h.value().clear();
                h.map().clear();
            }
            after = describe(live, keys * 3);

            Throwable[] failure = new Throwable[1];
            Thread writer = new Thread(() -> {
                try {
                    capture.writeTo(file);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "snapshot-writer");
            // keep changing state while the writer runs
            writer.start();
            for (long k = keys; k < keys * 2; k++) {
                key(live, k);
                h.value().update(-k);
            }
            writer.join();
            assertThat(failure[0]).isNull();
            Map<Long, String> finalState = describe(live, keys * 3);
            capture.release();

            try (OffHeapKeyedStateBackend restored = backend(0, 127)) {
                KeyGroupSnapshot.restore(restored, List.of(file));
                assertThat(restored.numEntries()).isEqualTo(entriesAtCapture);
                assertThat(describe(restored, keys)).isEqualTo(atCapture);
            }
            assertThat(describe(live, keys * 3)).as("the live state is unaffected by the snapshot")
                    .isEqualTo(finalState);
            assertThat(after).isNotEqualTo(atCapture);

            // once released, what changed meanwhile is freed: clearing everything gives the memory back
            for (long k = 0; k < keys * 3; k++) {
                key(live, k);
                h.value().clear();
                h.map().clear();
                h.aggregating().clear();
                for (String w : WINDOWS) {
                    h.window(w);
                    h.list().clear();
                    h.reducing().clear();
                }
            }
            assertThat(live.numEntries()).isZero();
            assertThat(live.usedBytes()).as("only empty table indexes remain").isLessThan(1L << 20);
        }
    }
}
