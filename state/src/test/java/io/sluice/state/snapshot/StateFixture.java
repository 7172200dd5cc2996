package io.sluice.state.snapshot;

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
import io.sluice.api.state.StateTtlConfig;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of keyed state on one backend — the five kinds, key-only and on String namespaces
 * (windows), three with a time to live — and two timer queues (windowed and key-only); filled with
 * seeded random content and described as text, for any {@link KeyedStateBackend}.
 */
final class StateFixture {

    static final List<String> WINDOWS = List.of("w1", "w2");
    /** Long enough that nothing expires while a test runs on {@link #CLOCK_START}. */
    static final Duration TTL = Duration.ofHours(1);
    static final long CLOCK_START = 1_000_000L;

    static final AggregateFunction<Long, Long, Long> SUM = new AggregateFunction<>() {
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

    final KeyedStateBackend backend;
    final ValueState<Long> value;
    final ListState<String> list;
    final MapState<Integer, String> map;
    final ReducingState<Long> reducing;
    final AggregatingState<Long, Long> aggregating;
    final ValueState<String> ttlValue;
    final ListState<Long> ttlList;
    final MapState<String, Long> ttlMap;
    final KeyedTimerQueue<String> timers;
    final KeyedTimerQueue<VoidNamespace> keyTimers;
    /** The processing time TTL reads; moves on with every fill step. */
    final long[] now = {CLOCK_START};

    StateFixture(KeyedStateBackend b) {
        this.backend = b;
        b.setTtlClock(() -> now[0]);
        value = b.getOrCreateState(new ValueStateDescriptor<>("value", Long.class), null);
        list = b.getOrCreateState(new ListStateDescriptor<>("list", String.class), Serializers.STRING);
        map = b.getOrCreateState(new MapStateDescriptor<>("map", Integer.class, String.class), null);
        reducing = b.getOrCreateState(new ReducingStateDescriptor<>("reducing", Long::sum, Long.class), Serializers.STRING);
        aggregating = b.getOrCreateState(new AggregatingStateDescriptor<>("aggregating", SUM, Long.class), null);
        ttlValue = b.getOrCreateState(withTtl(new ValueStateDescriptor<>("ttl-value", String.class)), null);
        ttlList = b.getOrCreateState(withTtl(new ListStateDescriptor<>("ttl-list", Long.class)), Serializers.STRING);
        ttlMap = b.getOrCreateState(withTtl(new MapStateDescriptor<>("ttl-map", String.class, Long.class)), null);
        timers = b.timerQueue("timers", Serializers.STRING);
        keyTimers = b.timerQueue("key-timers", null);
    }

    @SuppressWarnings("unchecked")
    private static <D extends io.sluice.api.state.StateDescriptor<?, ?>> D withTtl(D d) {
        d.enableTimeToLive(StateTtlConfig.of(TTL));
        return d;
    }

    @SuppressWarnings("unchecked")
    void window(String w) {
        ((InternalKvState<String>) list).setCurrentNamespace(w);
        ((InternalKvState<String>) reducing).setCurrentNamespace(w);
        ((InternalKvState<String>) ttlList).setCurrentNamespace(w);
    }

    void key(long k) {
        backend.setCurrentKey(k, KeyGroups.keyGroupFor(k, Backends.MAX_PARALLELISM));
    }

    /** Fills the backend over keys 0..keys-1 with random content of every kind, the same for the same seed. */
    void fill(int keys, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < keys * 8; i++) {
            now[0]++;
            key(r.nextInt(keys));
            String w = WINDOWS.get(r.nextInt(2));
            window(w);
            switch (r.nextInt(10)) {
                case 0 -> value.update(r.nextLong());
                case 1 -> list.add("e" + r.nextInt(1000) + "x".repeat(r.nextInt(40)));
                case 2 -> map.put(r.nextInt(8), "m" + r.nextInt());
                case 3 -> reducing.add((long) r.nextInt(100));
                case 4 -> aggregating.add((long) r.nextInt(100));
                case 5 -> ttlValue.update("t" + r.nextInt(50));
                case 6 -> ttlList.add((long) r.nextInt(1000));
                case 7 -> ttlMap.put("k" + r.nextInt(6), r.nextLong());
                case 8 -> timers.add(r.nextInt(5_000), w);
                default -> {
                    if (r.nextBoolean()) {
                        keyTimers.add(r.nextInt(5_000), VoidNamespace.INSTANCE);
                    } else {
                        timers.remove(r.nextInt(5_000), w);
                    }
                }
            }
        }
    }

    /**
     * Everything the backend holds for keys 0..keys-1 that it owns, as text per key, and each of its
     * timers (drained: this consumes them); descriptions of disjoint key groups merge with putAll.
     */
    Map<String, String> describe(int keys) {
        Map<String, String> out = new TreeMap<>();
        for (long k = 0; k < keys; k++) {
            if (!backend.keyGroupRange().contains(KeyGroups.keyGroupFor(k, Backends.MAX_PARALLELISM))) {
                continue;
            }
            key(k);
            StringBuilder s = new StringBuilder();
            s.append("value=").append(value.value());
            s.append(" map=").append(sorted(map.entries()));
            s.append(" agg=").append(aggregating.get());
            s.append(" ttl-value=").append(ttlValue.value());
            s.append(" ttl-map=").append(sorted(ttlMap.entries()));
            for (String w : WINDOWS) {
                window(w);
                s.append(' ').append(w).append(":list=").append(listOf(list.get()))
                        .append(",reduce=").append(reducing.get())
                        .append(",ttl-list=").append(listOf(ttlList.get()));
            }
            out.put(String.format("key %05d", k), s.toString());
        }
        for (String t : drain(timers)) {
            out.put("timer " + t, "");
        }
        for (String t : drain(keyTimers)) {
            out.put("key-timer " + t, "");
        }
        return out;
    }

    /** Every timer of {@code q} as "time key namespace", sorted; checks they come out in time order. */
    <N> List<String> drain(KeyedTimerQueue<N> q) {
        List<String> out = new ArrayList<>();
        long last = Long.MIN_VALUE;
        while (!q.isEmpty()) {
            long time = q.peekTimestamp();
            assertThat(time).isGreaterThanOrEqualTo(last);
            N ns = q.poll();
            assertThat(backend.currentKeyGroup())
                    .isEqualTo(KeyGroups.keyGroupFor(backend.currentKey(), Backends.MAX_PARALLELISM));
            out.add(String.format("%05d %s %s", time, backend.currentKey(), ns));
            last = time;
        }
        out.sort(null);
        return out;
    }

    private static <K, V> Map<K, V> sorted(Iterable<Map.Entry<K, V>> entries) {
        Map<K, V> m = new TreeMap<>();
        entries.forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static <T> List<T> listOf(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }
}
