package io.sluice.state;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.api.state.StateTtlConfig;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KeyedStateBackend#keys}, run against each backend (heap and off-heap subclasses): the keys
 * with an entry in a state of each kind, in any namespace and map key, each once, in key-group
 * order; a copy; after clears, expiry, and restores at the same and at a narrower key-group range.
 */
public abstract class KeyedStateKeysContractTest {

    private static final String OPERATOR = "keys";
    private static final int MAX_PARALLELISM = 128;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX_PARALLELISM - 1);
    /** Subtask 1 of 4 after rescaling: key groups [32, 63]. */
    private static final KeyGroupRange QUARTER = KeyGroups.rangeFor(1, MAX_PARALLELISM, 4);
    private static final List<String> WINDOWS = List.of("w1", "w2", "w3");
    private static final StateTtlConfig TEN_MS = StateTtlConfig.of(Duration.ofMillis(10));

    @TempDir
    Path dir;

    private final List<KeyedStateBackend> opened = new ArrayList<>();
    private long nowMs = 1_000;
    protected final KeyedStateBackend backend = open(ALL);

    /** The backend under test, for the given place in a job; keys inferred from their class. */
    protected abstract KeyedStateBackend createBackend(KeyedBackendParameters parameters);

    private KeyedStateBackend open(KeyGroupRange range) {
        KeyedStateBackend b = createBackend(new KeyedBackendParameters(OPERATOR, 0, MAX_PARALLELISM, range));
        b.setTtlClock(() -> nowMs);
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeBackends() {
        opened.forEach(KeyedStateBackend::close);
    }

    // ---- every kind ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void listsEachKeyWithAnEntryOnceInAnyNamespaceInKeyGroupOrder(Kind kind) {
        Entries s = new Entries(backend, kind, "s", false);
        Random random = new Random(kind.ordinal());
        List<String> keys = keys(60);
        List<String> written = new ArrayList<>();
        for (String k : keys) {
            if (random.nextInt(3) == 0) {
                continue; // some keys hold nothing
            }
            written.add(k);
            for (String w : WINDOWS.subList(0, 1 + random.nextInt(WINDOWS.size()))) {
                useKey(backend, k);
                s.window(w);
                s.write(random.nextInt(100), random.nextInt(100));
                s.write(random.nextInt(100), random.nextInt(100)); // a second map key, list element, ...
            }
        }
        assertThat(written).hasSizeGreaterThan(20);
        assertThat(groupsOf(written).stream().distinct()).as("keys in many key groups").hasSizeGreaterThan(15);
        assertThat(groupsOf(written).stream().distinct()).as("some sharing one").hasSizeLessThan(written.size());

        List<Object> listed = backend.keys("s");

        assertThat(listed).containsExactlyInAnyOrderElementsOf(written);
        assertThat(groupsOf(listed)).as("key groups of the listed keys, in order").isSorted();
        assertThat(backend.keys("other")).as("a state never created").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aKeyIsGoneOnceItsLastEntryIsCleared(Kind kind) {
        Entries s = new Entries(backend, kind, "s", false);
        List<String> keys = keys(3);
        for (String k : keys) {
            useKey(backend, k);
            s.window("w1");
            s.write(1, 1);
        }
        useKey(backend, keys.get(1));
        s.window("w2");
        s.write(2, 2);

        s.window("w1");
        s.clear();
        assertThat(backend.keys("s")).as("an entry left in w2").containsExactlyInAnyOrderElementsOf(keys);
        s.window("w2");
        s.clear();
        assertThat(backend.keys("s")).containsExactlyInAnyOrder(keys.get(0), keys.get(2));
        useKey(backend, keys.get(0));
        s.window("w1");
        s.clear();
        assertThat(backend.keys("s")).containsExactly(keys.get(2));
    }

    @Test
    void aMapKeyIsListedWhileItsMapHoldsAnyMapKey() {
        Entries s = new Entries(backend, Kind.MAP, "m", false);
        MapState<Integer, Long> map = s.handle();
        String k = keys(1).get(0);
        useKey(backend, k);
        for (int i = 0; i < 5; i++) {
            map.put(i, (long) i);
        }
        assertThat(backend.keys("m")).containsExactly(k);
        for (int i = 0; i < 4; i++) {
            map.remove(i);
            assertThat(backend.keys("m")).as("after removing map key %d", i).containsExactly(k);
        }
        map.remove(4);
        assertThat(backend.keys("m")).as("after removing the last map key").isEmpty();
    }

    @Test
    void keyOnlyStateAndWindowStateOfTheSameKeysAreListedPerState() {
        Entries keyOnly = new Entries(backend, Kind.VALUE, "per-key", false);
        Entries windowed = new Entries(backend, Kind.LIST, "per-window", false);
        List<String> keys = keys(4);
        useKey(backend, keys.get(0));
        keyOnly.write(0, 1);
        for (String k : keys.subList(1, 4)) {
            useKey(backend, k);
            for (String w : WINDOWS) {
                windowed.window(w);
                windowed.write(0, 1);
            }
        }
        assertThat(backend.keys("per-key")).containsExactly(keys.get(0));
        assertThat(backend.keys("per-window")).containsExactlyInAnyOrderElementsOf(keys.subList(1, 4));
    }

    @Test
    void theListIsACopyAndTheCurrentKeyStaysAsItWas() {
        Entries s = new Entries(backend, Kind.VALUE, "s", false);
        List<String> keys = keys(20);
        for (String k : keys) {
            useKey(backend, k);
            s.write(0, 1);
        }
        String current = keys.get(7);
        useKey(backend, current);

        List<Object> listed = backend.keys("s");
        assertThat(backend.currentKey()).isEqualTo(current);
        assertThat(backend.currentKeyGroup()).isEqualTo(KeyGroups.keyGroupFor(current, MAX_PARALLELISM));

        List<String> added = keys(40).subList(20, 40);
        List<Object> seen = new ArrayList<>();
        int i = 0;
        for (Object k : listed) { // clears every listed key and writes new ones meanwhile
            seen.add(k);
            useKey(backend, k);
            s.clear();
            useKey(backend, added.get(i++));
            s.write(0, 2);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(backend.keys("s")).containsExactlyInAnyOrderElementsOf(added);
    }

    @Test
    void timersAreNotState() {
        KeyedTimerQueue<Object> timers = backend.timerQueue("timers", null);
        useKey(backend, keys(1).get(0));
        timers.add(5, VoidNamespace.INSTANCE);
        assertThat(backend.keys("timers")).isEmpty();
    }

    // ---- time to live ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void keysWhoseEntriesAllExpiredAreLeftOutBeforeTheyAreRemoved(Kind kind) {
        Entries s = new Entries(backend, kind, "ttl", true);
        List<String> keys = keys(3);
        String expired = keys.get(0);
        String liveInAnotherWindow = keys.get(1);
        String liveInTheSameEntry = keys.get(2);
        useKey(backend, expired);
        s.window("w1");
        s.write(1, 1);
        useKey(backend, liveInAnotherWindow);
        s.write(1, 1);
        useKey(backend, liveInTheSameEntry);
        s.write(1, 1);
        nowMs += 8;
        useKey(backend, liveInAnotherWindow);
        s.window("w2");
        s.write(2, 2);
        useKey(backend, liveInTheSameEntry);
        s.window("w1");
        s.write(2, 2); // a second element, map key, or a renewed value
        long entries = backend.numEntries();
        nowMs += 2; // the first writes are 10 ms old now

        assertThat(backend.keys("ttl")).containsExactlyInAnyOrder(liveInAnotherWindow, liveInTheSameEntry);
        assertThat(backend.numEntries()).as("listing keys removes nothing").isEqualTo(entries);
        useKey(backend, expired);
        assertThat(s.isEmpty()).as("the expired key's state reads as empty").isTrue();
        nowMs += 8;
        assertThat(backend.keys("ttl")).as("every entry expired").isEmpty();
    }

    @Test
    void restoredExpiredKeysAreListedUntilTheStateIsRequestedWithItsTimeToLive() throws Exception {
        Entries s = new Entries(backend, Kind.VALUE, "ttl", true);
        List<String> keys = keys(2);
        useKey(backend, keys.get(0));
        s.write(0, 1);
        nowMs += 9;
        useKey(backend, keys.get(1));
        s.write(0, 2);
        Path file = snapshot(backend);
        nowMs += 1; // keys.get(0) has expired

        KeyedStateBackend restored = open(ALL);
        restored.restore(List.of(file));
        assertThat(restored.keys("ttl")).as("before the state's time to live is known")
                .containsExactlyInAnyOrderElementsOf(keys);
        Entries again = new Entries(restored, Kind.VALUE, "ttl", true);
        assertThat(restored.keys("ttl")).containsExactly(keys.get(1));
        useKey(restored, keys.get(0));
        assertThat(again.isEmpty()).isTrue();
    }

    // ---- restores --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void restoredKeysAreListedBeforeAnyKeyIsSetAtTheSameAndAtANarrowerRange(Kind kind) throws Exception {
        Entries s = new Entries(backend, kind, "s", false);
        new Entries(backend, Kind.VALUE, "unrelated", false);
        backend.timerQueue("timers", null);
        Random random = new Random(kind.ordinal() + 100);
        List<String> written = new ArrayList<>();
        for (String k : keys(80)) {
            if (random.nextBoolean()) {
                written.add(k);
                useKey(backend, k);
                for (String w : WINDOWS.subList(0, 1 + random.nextInt(WINDOWS.size()))) {
                    s.window(w);
                    s.write(random.nextInt(3), random.nextInt(100));
                }
                backend.timerQueue("timers", null).add(5, VoidNamespace.INSTANCE);
            }
        }
        List<Object> before = backend.keys("s");
        Path file = snapshot(backend);
        List<Object> inQuarter = written.stream().filter(k -> QUARTER.contains(group(k))).map(k -> (Object) k).toList();
        assertThat(inQuarter).isNotEmpty().hasSizeLessThan(written.size());

        // the handle is requested only after listing: the keys are read from the restored entries
        KeyedStateBackend whole = open(ALL);
        whole.restore(List.of(file));
        assertThat(whole.keys("s")).containsExactlyInAnyOrderElementsOf(written);
        assertThat(groupsOf(whole.keys("s"))).isSorted();
        assertThat(whole.keys("timers")).isEmpty();
        assertThat(whole.keys("unrelated")).isEmpty();
        new Entries(whole, kind, "s", false);
        assertThat(whole.keys("s")).as("with the handle").containsExactlyInAnyOrderElementsOf(written);
        assertThat(whole.currentKey()).as("no key was set").isNull();

        // the handle exists before the restore, at another parallelism
        KeyedStateBackend quarter = open(QUARTER);
        new Entries(quarter, kind, "s", false);
        quarter.restore(List.of(file));
        assertThat(quarter.keys("s")).containsExactlyInAnyOrderElementsOf(inQuarter);
        assertThat(groupsOf(quarter.keys("s"))).isSorted();

        // and without a handle, at another parallelism
        KeyedStateBackend quarterLater = open(QUARTER);
        quarterLater.restore(List.of(file));
        assertThat(quarterLater.keys("s")).containsExactlyInAnyOrderElementsOf(inQuarter);
        assertThat(quarterLater.currentKey()).isNull();

        assertThat(backend.keys("s")).as("the original is unchanged").isEqualTo(before);
    }

    @Test
    void restoredKeysAndKeysWrittenAfterTheRestoreAreListedTogether() throws Exception {
        Entries s = new Entries(backend, Kind.LIST, "s", false);
        List<String> keys = keys(10);
        for (String k : keys.subList(0, 6)) {
            useKey(backend, k);
            s.write(0, 1);
        }
        Path file = snapshot(backend);

        KeyedStateBackend restored = open(ALL);
        restored.restore(List.of(file));
        Entries again = new Entries(restored, Kind.LIST, "s", false);
        for (String k : keys.subList(4, 10)) {
            useKey(restored, k);
            again.window("w2");
            again.write(0, 2);
        }
        useKey(restored, keys.get(0));
        again.window(null);
        again.clear();
        assertThat(restored.keys("s")).containsExactlyInAnyOrderElementsOf(keys.subList(1, 10));
    }

    // ---- fixtures --------------------------------------------------------------------------------

    /** One state of one kind on Long values, written and cleared in the current key and window. */
    private static final class Entries {
        private final State state;
        private final Kind kind;

        Entries(KeyedStateBackend backend, Kind kind, String name, boolean ttl) {
            StateDescriptor<?, ?> d = switch (kind) {
                case VALUE -> new ValueStateDescriptor<>(name, Long.class);
                case LIST -> new ListStateDescriptor<>(name, Long.class);
                case MAP -> new MapStateDescriptor<>(name, Integer.class, Long.class);
                case REDUCING -> new ReducingStateDescriptor<>(name, Long::sum, Long.class);
                case AGGREGATING -> new AggregatingStateDescriptor<>(name, SUM, Long.class);
            };
            if (ttl) {
                d.enableTimeToLive(TEN_MS);
            }
            this.state = backend.getOrCreateState(d, NAMESPACES);
            this.kind = kind;
        }

        @SuppressWarnings("unchecked")
        <S extends State> S handle() {
            return (S) state;
        }

        /** A window, or null for the state's default namespace. */
        @SuppressWarnings("unchecked")
        void window(String w) {
            ((InternalKvState<Object>) state).setCurrentNamespace(w == null ? VoidNamespace.INSTANCE : w);
        }

        /** Writes {@code value} (under {@code mapKey}, for map state). */
        @SuppressWarnings("unchecked")
        void write(int mapKey, long value) {
            switch (kind) {
                case VALUE -> ((ValueState<Long>) state).update(value);
                case LIST -> ((ListState<Long>) state).add(value);
                case MAP -> ((MapState<Integer, Long>) state).put(mapKey, value);
                case REDUCING -> ((ReducingState<Long>) state).add(value);
                case AGGREGATING -> ((AggregatingState<Long, Long>) state).add(value);
            }
        }

        @SuppressWarnings("unchecked")
        boolean isEmpty() {
            try {
                return switch (kind) {
                    case VALUE -> ((ValueState<Long>) state).value() == null;
                    case LIST -> !((ListState<Long>) state).get().iterator().hasNext();
                    case MAP -> ((MapState<Integer, Long>) state).isEmpty();
                    case REDUCING -> ((ReducingState<Long>) state).get() == null;
                    case AGGREGATING -> ((AggregatingState<Long, Long>) state).get() == null;
                };
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        void clear() {
            state.clear();
        }
    }

    /** The void namespace or a window name. */
    private static final io.sluice.api.serialization.TypeSerializer<Object> NAMESPACES =
            new io.sluice.api.serialization.TypeSerializer<>() {
                @Override
                public void serialize(Object value, java.io.DataOutput out) throws java.io.IOException {
                    out.writeUTF(value == VoidNamespace.INSTANCE ? "" : (String) value);
                }

                @Override
                public Object deserialize(java.io.DataInput in) throws java.io.IOException {
                    String s = in.readUTF();
                    return s.isEmpty() ? VoidNamespace.INSTANCE : s;
                }

                @Override
                public String typeName() {
                    return "test window";
                }
            };

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

    private Path snapshot(KeyedStateBackend b) throws Exception {
        Path file = dir.resolve("snapshot-" + opened.size());
        KeyedStateSnapshot s = b.snapshot();
        try {
            s.writeTo(file);
        } finally {
            s.release();
        }
        return file;
    }

    private static void useKey(KeyedStateBackend b, Object key) {
        b.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
    }

    private static int group(Object key) {
        return KeyGroups.keyGroupFor(key, MAX_PARALLELISM);
    }

    private static List<Integer> groupsOf(List<?> keys) {
        return keys.stream().map(KeyedStateKeysContractTest::group).toList();
    }

    /** The first {@code n} keys "k0", "k1", ...: spread over the key groups, some sharing one. */
    private static List<String> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> "k" + i).toList();
    }
}
