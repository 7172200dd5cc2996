package io.sluice.state;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
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
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every keyed state backend must do, run against each of them (heap and off-heap subclasses):
 * a model-based test over random operation sequences for every state kind, merging, errors, and
 * isolation of keys, key groups and namespaces.
 */
public abstract class KeyedStateBackendContractTest {

    private static final String OPERATOR = "window-sum";
    private static final int MAX_PARALLELISM = 128;
    /** Subtask 1 of 4: key groups [32, 63]. */
    private static final KeyGroupRange RANGE = KeyGroups.rangeFor(1, MAX_PARALLELISM, 4);
    private static final List<String> KEYS = keysInRange();
    private static final List<Object> NAMESPACES = List.of(VoidNamespace.INSTANCE, "w1", "w2", "w3");
    /** Namespaces of the tests: the void namespace or a window name. */
    protected static final TypeSerializer<Object> NAMESPACE_SERIALIZER = new TypeSerializer<>() {
        @Override
        public void serialize(Object value, java.io.DataOutput out) throws java.io.IOException {
            if (value == VoidNamespace.INSTANCE) {
                out.writeBoolean(false);
            } else {
                out.writeBoolean(true);
                out.writeUTF((String) value);
            }
        }

        @Override
        public Object deserialize(java.io.DataInput in) throws java.io.IOException {
            return in.readBoolean() ? in.readUTF() : VoidNamespace.INSTANCE;
        }

        @Override
        public String typeName() {
            return "test namespace";
        }
    };

    protected final KeyedStateBackend backend =
            createBackend(new KeyedBackendParameters(OPERATOR, 1, MAX_PARALLELISM, RANGE));

    /** The backend under test, for the given place in a job. */
    protected abstract KeyedStateBackend createBackend(KeyedBackendParameters parameters);

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    // ---- the model-based test -------------------------------------------------------------------

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldBehaveLikeAMapOfMapsForRandomOperations(int seed) throws Exception {
        new ModelRun(seed).run(1_500);
    }

    /** One random operation sequence, checked against a HashMap model after every step. */
    private final class ModelRun {

        private final int seed;
        private final Random random;
        private final Handles h = new Handles(backend);
        /** (state, key, namespace) → content; holds only non-empty content, as the backend should. */
        private final Map<Cell, Object> model = new HashMap<>();
        private final Map<Kind, Object> namespaceOf = new EnumMap<>(Kind.class);
        private String key;
        private int step;

        ModelRun(int seed) {
            this.seed = seed;
            this.random = new Random(seed);
            for (Kind kind : Kind.values()) {
                namespaceOf.put(kind, VoidNamespace.INSTANCE);
            }
        }

        void run(int steps) throws Exception {
            useKey(KEYS.get(0));
            for (step = 0; step < steps; step++) {
                if (random.nextInt(10) < 3) {
                    useKey(KEYS.get(random.nextInt(KEYS.size())));
                }
                Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                if (random.nextInt(10) < 3) {
                    useNamespace(kind, NAMESPACES.get(random.nextInt(NAMESPACES.size())));
                }
                switch (kind) {
                    case VALUE -> valueStep();
                    case LIST -> listStep();
                    case MAP -> mapStep();
                    case REDUCING -> reducingStep();
                    case AGGREGATING -> aggregatingStep();
                }
                assertThat(backend.numEntries()).as("numEntries after %s step %d, %s", kind, step, where())
                        .isEqualTo(model.size());
                if (step % 100 == 99) {
                    checkEverything();
                }
            }
            checkEverything();
            clearEverything();
        }

        private void useKey(String k) {
            key = k;
            backend.setCurrentKey(k, KeyGroups.keyGroupFor(k, MAX_PARALLELISM));
        }

        private void useNamespace(Kind kind, Object ns) {
            namespaceOf.put(kind, ns);
            h.internal(kind).setCurrentNamespace(ns);
        }

        private Cell cell(Kind kind) {
            return new Cell(kind, key, namespaceOf.get(kind));
        }

        private Cell cell(Kind kind, Object ns) {
            return new Cell(kind, key, ns);
        }

        private String where() {
            return "seed " + seed + ", step " + step + ", key " + key + ", namespaces " + namespaceOf;
        }

        private void valueStep() {
            Cell c = cell(Kind.VALUE);
            int op = random.nextInt(100);
            if (op < 45) {
                long v = random.nextInt(100);
                h.value.update(v);
                model.put(c, v);
            } else if (op < 55) {
                h.value.update(null);
                model.remove(c);
            } else if (op < 85) {
                assertThat(h.value.value()).as("value() at %s", where()).isEqualTo(model.get(c));
            } else {
                h.value.clear();
                model.remove(c);
            }
        }

        @SuppressWarnings("unchecked")
        private void listStep() throws Exception {
            Cell c = cell(Kind.LIST);
            List<Long> current = (List<Long>) model.get(c);
            int op = random.nextInt(100);
            if (op < 25) {
                long v = random.nextInt(100);
                h.list.add(v);
                model.put(c, concat(current, List.of(v)));
            } else if (op < 40) {
                List<Long> values = randomLongs(4);
                h.list.addAll(values);
                putNonEmpty(c, concat(current, values));
            } else if (op < 50) {
                List<Long> values = randomLongs(4);
                h.list.update(values);
                putNonEmpty(c, new ArrayList<>(values));
            } else if (op < 70) {
                assertThat(listOf(h.list.get())).as("list get() at %s", where())
                        .containsExactlyElementsOf(current == null ? List.of() : current);
            } else if (op < 80) {
                h.list.clear();
                model.remove(c);
            } else {
                merge(Kind.LIST, (a, b) -> concat((List<Long>) a, (List<Long>) b));
            }
        }

        @SuppressWarnings("unchecked")
        private void mapStep() {
            Cell c = cell(Kind.MAP);
            Map<Integer, Long> current = (Map<Integer, Long>) model.get(c);
            Map<Integer, Long> expected = current == null ? Map.of() : current;
            int userKey = random.nextInt(6);
            int op = random.nextInt(100);
            if (op < 30) {
                long v = random.nextInt(100);
                h.map.put(userKey, v);
                Map<Integer, Long> next = new HashMap<>(expected);
                next.put(userKey, v);
                model.put(c, next);
            } else if (op < 40) {
                Map<Integer, Long> more = new HashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    more.put(random.nextInt(6), (long) random.nextInt(100));
                }
                h.map.putAll(more);
                Map<Integer, Long> next = new HashMap<>(expected);
                next.putAll(more);
                putNonEmpty(c, next);
            } else if (op < 55) {
                h.map.remove(userKey);
                Map<Integer, Long> next = new HashMap<>(expected);
                next.remove(userKey);
                putNonEmpty(c, next);
            } else if (op < 70) {
                assertThat(h.map.get(userKey)).as("map get(%d) at %s", userKey, where())
                        .isEqualTo(expected.get(userKey));
                assertThat(h.map.contains(userKey)).as("map contains(%d) at %s", userKey, where())
                        .isEqualTo(expected.containsKey(userKey));
            } else if (op < 85) {
                checkMap(expected);
            } else {
                h.map.clear();
                model.remove(c);
            }
        }

        private void reducingStep() throws Exception {
            Cell c = cell(Kind.REDUCING);
            Long current = (Long) model.get(c);
            int op = random.nextInt(100);
            if (op < 40) {
                long v = random.nextInt(100);
                h.reducing.add(v);
                model.put(c, current == null ? v : current + v);
            } else if (op < 65) {
                assertThat(h.reducing.get()).as("reducing get() at %s", where()).isEqualTo(current);
            } else if (op < 75) {
                h.reducing.clear();
                model.remove(c);
            } else {
                merge(Kind.REDUCING, (a, b) -> (Long) a + (Long) b);
            }
        }

        private void aggregatingStep() throws Exception {
            Cell c = cell(Kind.AGGREGATING);
            Acc current = (Acc) model.get(c);
            int op = random.nextInt(100);
            if (op < 40) {
                long v = random.nextInt(100);
                h.aggregating.add(v);
                model.put(c, AVERAGE.add(v, current == null ? AVERAGE.createAccumulator() : current));
            } else if (op < 65) {
                assertThat(h.aggregating.get()).as("aggregating get() at %s", where())
                        .isEqualTo(current == null ? null : AVERAGE.getResult(current));
            } else if (op < 75) {
                h.aggregating.clear();
                model.remove(c);
            } else {
                merge(Kind.AGGREGATING, (a, b) -> AVERAGE.merge((Acc) a, (Acc) b));
            }
        }

        private void merge(Kind kind, java.util.function.BinaryOperator<Object> combine) throws Exception {
            Object target = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
            List<Object> sources = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                sources.add(NAMESPACES.get(random.nextInt(NAMESPACES.size())));
            }
            h.internal(kind).mergeNamespaces(target, sources);
            Object merged = model.get(cell(kind, target));
            for (Object source : sources) {
                if (source.equals(target)) {
                    continue;
                }
                Object moved = model.remove(cell(kind, source));
                if (moved != null) {
                    merged = merged == null ? moved : combine.apply(merged, moved);
                }
            }
            if (merged != null) {
                model.put(cell(kind, target), merged);
            }
        }

        private void checkMap(Map<Integer, Long> expected) {
            Map<Integer, Long> entries = new HashMap<>();
            for (Map.Entry<Integer, Long> e : h.map.entries()) {
                assertThat(entries.put(e.getKey(), e.getValue())).as("duplicate map key at %s", where()).isNull();
            }
            assertThat(entries).as("map entries() at %s", where()).isEqualTo(expected);
            Set<Integer> keys = new HashSet<>();
            h.map.keys().forEach(keys::add);
            assertThat(keys).as("map keys() at %s", where()).isEqualTo(expected.keySet());
            List<Long> values = new ArrayList<>();
            h.map.values().forEach(values::add);
            assertThat(values).as("map values() at %s", where())
                    .containsExactlyInAnyOrderElementsOf(expected.values());
            assertThat(h.map.isEmpty()).as("map isEmpty() at %s", where()).isEqualTo(expected.isEmpty());
        }

        /** Reads every (state, key, namespace) and compares it with the model. */
        @SuppressWarnings("unchecked")
        private void checkEverything() {
            checkKeys();
            for (String k : KEYS) {
                useKey(k);
                for (Object ns : NAMESPACES) {
                    for (Kind kind : Kind.values()) {
                        useNamespace(kind, ns);
                    }
                    assertThat(h.value.value()).as("value at %s", where()).isEqualTo(model.get(cell(Kind.VALUE)));
                    List<Long> list = (List<Long>) model.get(cell(Kind.LIST));
                    assertThat(listOf(h.list.get())).as("list at %s", where())
                            .containsExactlyElementsOf(list == null ? List.of() : list);
                    Map<Integer, Long> map = (Map<Integer, Long>) model.get(cell(Kind.MAP));
                    checkMap(map == null ? Map.of() : map);
                    assertThat(h.reducing.get()).as("reducing at %s", where())
                            .isEqualTo(model.get(cell(Kind.REDUCING)));
                    Acc acc = (Acc) model.get(cell(Kind.AGGREGATING));
                    assertThat(h.aggregating.get()).as("aggregating at %s", where())
                            .isEqualTo(acc == null ? null : AVERAGE.getResult(acc));
                }
            }
            assertThat(backend.numEntries()).as("numEntries after reading everything, %s", where())
                    .isEqualTo(model.size());
        }

        /** Each state lists the keys the model holds content of, once, in key-group order. */
        private void checkKeys() {
            Object current = backend.currentKey();
            for (Kind kind : Kind.values()) {
                List<Object> expected = model.keySet().stream().filter(c -> c.kind() == kind).map(Cell::key)
                        .distinct().toList();
                List<Object> keys = backend.keys(kind.name().toLowerCase(java.util.Locale.ROOT));
                assertThat(keys).as("keys of %s state at %s", kind, where()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(keys.stream().map(k -> KeyGroups.keyGroupFor(k, MAX_PARALLELISM)).toList())
                        .as("key groups of the keys of %s state at %s", kind, where()).isSorted();
            }
            assertThat(backend.currentKey()).as("listing keys keeps the current key").isEqualTo(current);
        }

        private void clearEverything() {
            for (String k : KEYS) {
                useKey(k);
                for (Object ns : NAMESPACES) {
                    for (Kind kind : Kind.values()) {
                        useNamespace(kind, ns);
                        h.internal(kind).clear();
                    }
                }
            }
            assertThat(backend.numEntries()).as("numEntries after clearing everything, seed %d", seed).isZero();
            for (Kind kind : Kind.values()) {
                assertThat(backend.keys(kind.name().toLowerCase(java.util.Locale.ROOT)))
                        .as("keys of %s state after clearing everything, seed %d", kind, seed).isEmpty();
            }
        }

        private void putNonEmpty(Cell c, Object content) {
            boolean empty = content instanceof List<?> l ? l.isEmpty() : ((Map<?, ?>) content).isEmpty();
            if (empty) {
                model.remove(c);
            } else {
                model.put(c, content);
            }
        }

        private List<Long> randomLongs(int maxSize) {
            List<Long> values = new ArrayList<>();
            for (int i = random.nextInt(maxSize); i > 0; i--) {
                values.add((long) random.nextInt(100));
            }
            return values;
        }
    }

    private record Cell(Kind kind, Object key, Object namespace) {
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>();
        if (a != null) {
            all.addAll(a);
        }
        all.addAll(b);
        return all;
    }

    private static <T> List<T> listOf(Iterable<T> iterable) {
        assertThat(iterable).as("an Iterable from state, never null").isNotNull();
        return StreamSupport.stream(iterable.spliterator(), false).toList();
    }

    // ---- merging ---------------------------------------------------------------------------------

    @Test
    void shouldAppendSourceListsToTheTargetAndClearTheSources() throws Exception {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.internal(Kind.LIST).setCurrentNamespace("w1");
        h.list.addAll(List.of(1L, 2L));
        h.internal(Kind.LIST).setCurrentNamespace("w2");
        h.list.add(3L);
        h.internal(Kind.LIST).setCurrentNamespace("w3");
        h.list.addAll(List.of(4L, 5L));
        assertThat(backend.numEntries()).isEqualTo(3);

        h.internal(Kind.LIST).mergeNamespaces("w2", List.of("w3", "w1", "w2"));

        h.internal(Kind.LIST).setCurrentNamespace("w2");
        assertThat(listOf(h.list.get())).containsExactly(3L, 4L, 5L, 1L, 2L);
        h.internal(Kind.LIST).setCurrentNamespace("w1");
        assertThat(listOf(h.list.get())).isEmpty();
        h.internal(Kind.LIST).setCurrentNamespace("w3");
        assertThat(listOf(h.list.get())).isEmpty();
        assertThat(backend.numEntries()).isEqualTo(1);
    }

    @Test
    void shouldMergeListsIntoAnEmptyTarget() throws Exception {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.internal(Kind.LIST).setCurrentNamespace("w1");
        h.list.add(7L);

        h.internal(Kind.LIST).mergeNamespaces("w3", List.of("w1", "w2"));

        h.internal(Kind.LIST).setCurrentNamespace("w3");
        assertThat(listOf(h.list.get())).containsExactly(7L);
        assertThat(backend.numEntries()).isEqualTo(1);
    }

    @Test
    void shouldCombineReducingNamespacesWithTheReduceFunction() throws Exception {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.internal(Kind.REDUCING).setCurrentNamespace("w1");
        h.reducing.add(10L);
        h.reducing.add(5L);
        h.internal(Kind.REDUCING).setCurrentNamespace("w2");
        h.reducing.add(100L);

        h.internal(Kind.REDUCING).mergeNamespaces("w3", List.of("w1", "w2"));

        h.internal(Kind.REDUCING).setCurrentNamespace("w3");
        assertThat(h.reducing.get()).isEqualTo(115L);
        h.internal(Kind.REDUCING).setCurrentNamespace("w1");
        assertThat(h.reducing.get()).isNull();
        h.internal(Kind.REDUCING).setCurrentNamespace("w2");
        assertThat(h.reducing.get()).isNull();
        assertThat(backend.numEntries()).isEqualTo(1);
    }

    @Test
    void shouldCombineAggregatingNamespacesWithTheMergeFunction() throws Exception {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.internal(Kind.AGGREGATING).setCurrentNamespace("w1");
        h.aggregating.add(1L);
        h.aggregating.add(2L);
        h.internal(Kind.AGGREGATING).setCurrentNamespace("w2");
        h.aggregating.add(9L);

        h.internal(Kind.AGGREGATING).mergeNamespaces("w2", List.of("w1"));

        h.internal(Kind.AGGREGATING).setCurrentNamespace("w2");
        assertThat(h.aggregating.get()).isEqualTo("12/3");
        h.internal(Kind.AGGREGATING).setCurrentNamespace("w1");
        assertThat(h.aggregating.get()).isNull();
        assertThat(backend.numEntries()).isEqualTo(1);
    }

    @Test
    void shouldMergeOnlyTheCurrentKeysNamespaces() throws Exception {
        Handles h = new Handles(backend);
        useKey(KEYS.get(1));
        h.internal(Kind.REDUCING).setCurrentNamespace("w1");
        h.reducing.add(1000L);
        useKey(KEYS.get(0));
        h.reducing.add(1L);

        h.internal(Kind.REDUCING).mergeNamespaces("w2", List.of("w1"));

        useKey(KEYS.get(1));
        assertThat(h.reducing.get()).as("the other key's w1").isEqualTo(1000L);
        h.internal(Kind.REDUCING).setCurrentNamespace("w2");
        assertThat(h.reducing.get()).as("the other key's w2").isNull();
        useKey(KEYS.get(0));
        assertThat(h.reducing.get()).isEqualTo(1L);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"VALUE", "MAP"})
    void shouldRefuseToMergeValueAndMapState(Kind kind) {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        assertThatThrownBy(() -> h.internal(kind).mergeNamespaces("w1", List.of("w2")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot be merged");
    }

    // ---- errors ----------------------------------------------------------------------------------

    static Stream<Arguments> accesses() {
        List<Named<ThrowingConsumer<Handles>>> all = List.of(
                Named.of("value.value()", h -> h.value.value()),
                Named.of("value.update()", h -> h.value.update(1L)),
                Named.of("value.clear()", h -> h.value.clear()),
                Named.of("list.get()", h -> h.list.get()),
                Named.of("list.add()", h -> h.list.add(1L)),
                Named.of("list.addAll()", h -> h.list.addAll(List.of(1L))),
                Named.of("list.update()", h -> h.list.update(List.of(1L))),
                Named.of("list.clear()", h -> h.list.clear()),
                Named.of("list.mergeNamespaces()", h -> h.internal(Kind.LIST).mergeNamespaces("w1", List.of("w2"))),
                Named.of("map.get()", h -> h.map.get(1)),
                Named.of("map.put()", h -> h.map.put(1, 1L)),
                Named.of("map.putAll()", h -> h.map.putAll(Map.of(1, 1L))),
                Named.of("map.remove()", h -> h.map.remove(1)),
                Named.of("map.contains()", h -> h.map.contains(1)),
                Named.of("map.entries()", h -> h.map.entries()),
                Named.of("map.keys()", h -> h.map.keys()),
                Named.of("map.values()", h -> h.map.values()),
                Named.of("map.isEmpty()", h -> h.map.isEmpty()),
                Named.of("map.clear()", h -> h.map.clear()),
                Named.of("reducing.get()", h -> h.reducing.get()),
                Named.of("reducing.add()", h -> h.reducing.add(1L)),
                Named.of("reducing.clear()", h -> h.reducing.clear()),
                Named.of("reducing.mergeNamespaces()",
                        h -> h.internal(Kind.REDUCING).mergeNamespaces("w1", List.of("w2"))),
                Named.of("aggregating.get()", h -> h.aggregating.get()),
                Named.of("aggregating.add()", h -> h.aggregating.add(1L)),
                Named.of("aggregating.clear()", h -> h.aggregating.clear()),
                Named.of("aggregating.mergeNamespaces()",
                        h -> h.internal(Kind.AGGREGATING).mergeNamespaces("w1", List.of("w2"))));
        return all.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accesses")
    void shouldNameTheOperatorWhenStateIsUsedWithoutACurrentKey(ThrowingConsumer<Handles> access) {
        Handles h = new Handles(backend);
        assertThatThrownBy(() -> access.accept(h))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("operator '" + OPERATOR + "'")
                .hasMessageContaining("no current key");
        assertThat(backend.numEntries()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accesses")
    void shouldRefuseAKeyGroupOutsideTheBackendsRange(ThrowingConsumer<Handles> access) {
        Handles h = new Handles(backend);
        for (int keyGroup : new int[]{RANGE.start() - 1, RANGE.end() + 1, 0, MAX_PARALLELISM - 1}) {
            backend.setCurrentKey(KEYS.get(0), keyGroup);
            assertThatThrownBy(() -> access.accept(h))
                    .as("key group %d", keyGroup)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("key group " + keyGroup + " is not in this backend's range")
                    .hasMessageContaining("routed to the wrong subtask");
        }
        assertThat(backend.numEntries()).isZero();
    }

    @Test
    void shouldRefuseStateAfterTheCurrentKeyIsUnset() {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.value.update(1L);
        backend.setCurrentKey(null, -1);
        assertThatThrownBy(h.value::value)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("operator '" + OPERATOR + "'");
    }

    static Stream<Arguments> kindPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Kind first : Kind.values()) {
            for (Kind second : Kind.values()) {
                if (first != second) {
                    pairs.add(Arguments.of(first, second));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("kindPairs")
    void shouldRefuseTheSameNameForADifferentKind(Kind first, Kind second) {
        backend.getOrCreateState(descriptor(first, "shared"), NAMESPACE_SERIALIZER);
        assertThatThrownBy(() -> backend.getOrCreateState(descriptor(second, "shared"), NAMESPACE_SERIALIZER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("state 'shared' of operator '" + OPERATOR + "' was registered as " + first
                        + " and is now requested as " + second + "; use distinct names");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldReturnTheSameHandleForTheSameName(Kind kind) {
        State first = backend.getOrCreateState(descriptor(kind, "s"), NAMESPACE_SERIALIZER);
        State second = backend.getOrCreateState(descriptor(kind, "s"), NAMESPACE_SERIALIZER);
        assertThat(second).isSameAs(first);
        assertThat(first).isInstanceOf(InternalKvState.class);
    }

    // ---- numEntries ------------------------------------------------------------------------------

    @Test
    void shouldCountOneEntryPerStateKeyAndNamespace() throws Exception {
        Handles h = new Handles(backend);
        for (String k : KEYS.subList(0, 2)) {
            useKey(k);
            for (Object ns : List.of("w1", "w2")) {
                for (Kind kind : Kind.values()) {
                    h.internal(kind).setCurrentNamespace(ns);
                }
                h.value.update(1L);
                h.list.addAll(List.of(1L, 2L, 3L));
                h.map.putAll(Map.of(1, 1L, 2, 2L, 3, 3L));
                h.reducing.add(1L);
                h.reducing.add(2L);
                h.aggregating.add(1L);
            }
        }
        assertThat(backend.numEntries()).isEqualTo(2 * 2 * 5);

        useKey(KEYS.get(0));
        for (Kind kind : Kind.values()) {
            h.internal(kind).setCurrentNamespace("w1");
        }
        h.map.remove(1);
        h.map.remove(2);
        assertThat(backend.numEntries()).as("a map with one entry left").isEqualTo(20);
        h.map.remove(3);
        assertThat(backend.numEntries()).as("an emptied map").isEqualTo(19);
        h.list.update(List.of());
        assertThat(backend.numEntries()).as("a list updated to empty").isEqualTo(18);
        h.value.update(null);
        assertThat(backend.numEntries()).as("a value updated to null").isEqualTo(17);
        h.reducing.clear();
        h.reducing.clear();
        assertThat(backend.numEntries()).as("clearing twice").isEqualTo(16);

        for (String k : KEYS) {
            useKey(k);
            for (Object ns : NAMESPACES) {
                for (Kind kind : Kind.values()) {
                    h.internal(kind).setCurrentNamespace(ns);
                    h.internal(kind).clear();
                }
            }
        }
        assertThat(backend.numEntries()).isZero();
    }

    @Test
    void shouldKeepEqualKeysOfTheSameKeyGroupApart() {
        // KEYS.get(3) is in the key group of KEYS.get(0), by construction.
        assertThat(KeyGroups.keyGroupFor(KEYS.get(3), MAX_PARALLELISM))
                .isEqualTo(KeyGroups.keyGroupFor(KEYS.get(0), MAX_PARALLELISM));
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.value.update(1L);
        useKey(KEYS.get(3));
        assertThat(h.value.value()).isNull();
        h.value.update(2L);
        useKey(KEYS.get(0));
        assertThat(h.value.value()).isEqualTo(1L);
        assertThat(backend.numEntries()).isEqualTo(2);
    }

    @Test
    void shouldNotCountAStateWhoseReduceFunctionReturnedNull() {
        ReducingState<Long> nulling = backend.getOrCreateState(
                new ReducingStateDescriptor<>("nulling", (a, b) -> null, Long.class), NAMESPACE_SERIALIZER);
        useKey(KEYS.get(0));
        nulling.add(1L);
        assertThat(backend.numEntries()).isEqualTo(1);
        nulling.add(2L);
        assertThat(nulling.get()).isNull();
        assertThat(backend.numEntries()).as("a null result holds nothing").isZero();
        nulling.add(3L);
        assertThat(nulling.get()).isEqualTo(3L);
        nulling.clear();
        assertThat(backend.numEntries()).isZero();
    }

    @Test
    void shouldNotCountANullAddedToAnEmptyReducingState() {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.reducing.add(null);
        h.reducing.add(null);
        assertThat(h.reducing.get()).isNull();
        h.reducing.clear();
        assertThat(backend.numEntries()).isZero();
    }

    @Test
    void shouldRejectNullListElements() {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        assertThatThrownBy(() -> h.list.add(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("list state does not hold null elements");
        assertThat(backend.numEntries()).isZero();
    }

    @Test
    void shouldHoldNothingAfterClose() {
        Handles h = new Handles(backend);
        useKey(KEYS.get(0));
        h.value.update(1L);
        backend.close();
        assertThat(backend.numEntries()).isZero();
    }

    // ---- time to live ----------------------------------------------------------------------------

    private long nowMs = 1_000;

    private <S extends State> S ttlState(StateDescriptor<S, ?> d, io.sluice.api.state.StateTtlConfig config) {
        backend.setTtlClock(() -> nowMs);
        d.enableTimeToLive(config);
        return backend.getOrCreateState(d, NAMESPACE_SERIALIZER);
    }

    private static final io.sluice.api.state.StateTtlConfig TEN_MS =
            io.sluice.api.state.StateTtlConfig.of(java.time.Duration.ofMillis(10));

    @Test
    void ttlValueExpiresAfterItsTimeToLiveUnlessWrittenAgain() {
        ValueState<Long> v = ttlState(new ValueStateDescriptor<>("ttl-value", Long.class), TEN_MS);
        useKey(KEYS.get(0));
        v.update(1L);
        nowMs += 9;
        assertThat(v.value()).isEqualTo(1L);
        v.update(2L); // renews
        nowMs += 9;
        assertThat(v.value()).isEqualTo(2L);
        nowMs += 1;
        assertThat(v.value()).as("10 ms after the last write").isNull();
        assertThat(backend.numEntries()).as("the expired value was removed when read").isZero();
        assertThat(backend.getOrCreateState(new ValueStateDescriptor<>("ttl-value", Long.class)
                .enableTimeToLive(TEN_MS), NAMESPACE_SERIALIZER)).as("the same handle").isSameAs(v);
    }

    @Test
    void ttlRenewedOnReadKeepsAValueThatIsReadOften() {
        ValueState<Long> v = ttlState(new ValueStateDescriptor<>("ttl-read", Long.class), TEN_MS.renewedOnRead());
        useKey(KEYS.get(1));
        v.update(5L);
        for (int i = 0; i < 5; i++) {
            nowMs += 9;
            assertThat(v.value()).isEqualTo(5L);
        }
        nowMs += 10;
        assertThat(v.value()).isNull();
    }

    @Test
    void ttlListElementsExpireOneByOne() {
        ListState<Long> l = ttlState(new ListStateDescriptor<>("ttl-list", Long.class), TEN_MS);
        useKey(KEYS.get(0));
        l.add(1L);
        nowMs += 5;
        l.add(2L);
        nowMs += 5;
        assertThat(listOf(l.get())).containsExactly(2L);
        nowMs += 5;
        assertThat(listOf(l.get())).isEmpty();
        assertThat(backend.numEntries()).isZero();
    }

    @Test
    void ttlMapEntriesExpireOneByOne() {
        MapState<Integer, Long> m = ttlState(new MapStateDescriptor<>("ttl-map", Integer.class, Long.class), TEN_MS);
        useKey(KEYS.get(2));
        m.put(1, 10L);
        nowMs += 5;
        m.put(2, 20L);
        nowMs += 5;
        assertThat(m.get(1)).isNull();
        assertThat(m.contains(2)).isTrue();
        assertThat(listOf(m.keys())).containsExactly(2);
        nowMs += 5;
        assertThat(m.isEmpty()).isTrue();
        assertThat(backend.numEntries()).isZero();
    }

    @Test
    void ttlReducingAndAggregatingStartAfreshAfterExpiry() {
        ReducingState<Long> r = ttlState(new ReducingStateDescriptor<>("ttl-sum", Long::sum, Long.class), TEN_MS);
        AggregatingState<Long, String> a = ttlState(new AggregatingStateDescriptor<>("ttl-avg", AVERAGE, Acc.class),
                TEN_MS);
        useKey(KEYS.get(0));
        r.add(1L);
        a.add(4L);
        nowMs += 5;
        r.add(2L);
        a.add(6L);
        assertThat(r.get()).isEqualTo(3L);
        assertThat(a.get()).isEqualTo("10/2");
        nowMs += 10;
        assertThat(r.get()).isNull();
        assertThat(a.get()).isNull();
        r.add(7L);
        a.add(1L);
        assertThat(r.get()).isEqualTo(7L);
        assertThat(a.get()).isEqualTo("1/1");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void ttlValueStateMatchesAModelWithExpiry(int seed) {
        Random random = new Random(seed);
        boolean renewOnRead = seed % 2 == 1;
        ValueState<Long> v = ttlState(new ValueStateDescriptor<>("ttl-model", Long.class),
                renewOnRead ? TEN_MS.renewedOnRead() : TEN_MS);
        Map<String, long[]> model = new HashMap<>(); // key → {value, lastAccess}
        for (int step = 0; step < 400; step++) {
            String k = KEYS.get(random.nextInt(KEYS.size()));
            useKey(k);
            nowMs += random.nextInt(4);
            long[] m = model.get(k);
            if (m != null && nowMs - m[1] >= 10) {
                model.remove(k);
                m = null;
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    long x = random.nextLong();
                    v.update(x);
                    model.put(k, new long[] {x, nowMs});
                }
                case 1 -> {
                    v.clear();
                    model.remove(k);
                }
                default -> {
                    assertThat(v.value()).as("seed %d step %d", seed, step).isEqualTo(m == null ? null : m[0]);
                    if (m != null && renewOnRead) {
                        m[1] = nowMs;
                    }
                }
            }
        }
    }

    // ---- event-time timers -----------------------------------------------------------------------

    /** A timer as the model holds it. */
    private record ModelTimer(long time, String key, Object namespace) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void timersBehaveLikeASortedSetOfKeyNamespaceAndTime(int seed) {
        Random random = new Random(seed);
        KeyedTimerQueue<Object> queue = backend.timerQueue("timers", NAMESPACE_SERIALIZER);
        assertThat(backend.timerQueue("timers", NAMESPACE_SERIALIZER)).isSameAs(queue);
        Set<ModelTimer> model = new HashSet<>();
        for (int step = 0; step < 2_000; step++) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            Object ns = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
            long time = random.nextInt(60) - 10; // few distinct times: duplicates and ties happen
            int op = random.nextInt(10);
            if (op < 5) {
                useKey(key);
                assertThat(queue.add(time, ns)).as("add at step %d", step).isEqualTo(model.add(new ModelTimer(time, key, ns)));
            } else if (op < 8) {
                useKey(key);
                assertThat(queue.remove(time, ns)).as("remove at step %d", step)
                        .isEqualTo(model.remove(new ModelTimer(time, key, ns)));
            } else if (!model.isEmpty()) {
                long earliest = model.stream().mapToLong(ModelTimer::time).min().getAsLong();
                assertThat(queue.peekTimestamp()).isEqualTo(earliest);
                useKey(KEYS.get(random.nextInt(KEYS.size()))); // polling must set the timer's key, whatever was current
                Object polled = queue.poll();
                ModelTimer t = new ModelTimer(earliest, (String) backend.currentKey(), polled);
                assertThat(model.remove(t)).as("polled %s at step %d, model %s", t, step, model).isTrue();
                assertThat(backend.currentKeyGroup()).isEqualTo(KeyGroups.keyGroupFor(t.key(), MAX_PARALLELISM));
            }
            assertThat(queue.size()).isEqualTo(model.size());
            assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
        }
        long last = Long.MIN_VALUE;
        while (!queue.isEmpty()) {
            long time = queue.peekTimestamp();
            assertThat(time).isGreaterThanOrEqualTo(last);
            Object ns = queue.poll();
            assertThat(model.remove(new ModelTimer(time, (String) backend.currentKey(), ns))).isTrue();
            last = time;
        }
        assertThat(model).isEmpty();
    }

    @Test
    void timersAreNotStateEntriesAndQueuesOfDifferentNamesAreIndependent() {
        KeyedTimerQueue<Object> a = backend.timerQueue("a", NAMESPACE_SERIALIZER);
        KeyedTimerQueue<Object> b = backend.timerQueue("b", null);
        useKey(KEYS.get(0));
        assertThat(a.add(5, "w1")).isTrue();
        assertThat(b.add(5, VoidNamespace.INSTANCE)).isTrue();
        assertThat(backend.numEntries()).isZero();
        assertThat(a.remove(5, "w1")).isTrue();
        assertThat(b.size()).isEqualTo(1);
        useKey(KEYS.get(1));
        assertThat(b.poll()).isSameAs(VoidNamespace.INSTANCE);
        assertThat(backend.currentKey()).isEqualTo(KEYS.get(0));
    }

    // ---- fixtures --------------------------------------------------------------------------------

    private void useKey(String key) {
        backend.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
    }

    /** Three keys in distinct key groups of {@link #RANGE}, then a fourth sharing the first's group. */
    private static List<String> keysInRange() {
        Set<String> keys = new LinkedHashSet<>();
        Set<Integer> groups = new HashSet<>();
        int firstGroup = -1;
        for (int i = 0; keys.size() < 4; i++) {
            String k = "key-" + i;
            int kg = KeyGroups.keyGroupFor(k, MAX_PARALLELISM);
            if (!RANGE.contains(kg)) {
                continue;
            }
            if (keys.size() < 3 && groups.add(kg)) {
                keys.add(k);
                if (firstGroup < 0) {
                    firstGroup = kg;
                }
            } else if (keys.size() == 3 && kg == firstGroup) {
                keys.add(k);
            }
        }
        return List.copyOf(keys);
    }

    /** An average as "sum/count". */
    private record Acc(long count, long sum) {
    }

    private static final AggregateFunction<Long, Acc, String> AVERAGE = new AggregateFunction<>() {
        @Override
        public Acc createAccumulator() {
            return new Acc(0, 0);
        }

        @Override
        public Acc add(Long value, Acc acc) {
            return new Acc(acc.count() + 1, acc.sum() + value);
        }

        @Override
        public String getResult(Acc acc) {
            return acc.sum() + "/" + acc.count();
        }

        @Override
        public Acc merge(Acc a, Acc b) {
            return new Acc(a.count() + b.count(), a.sum() + b.sum());
        }
    };

    private static StateDescriptor<?, ?> descriptor(Kind kind, String name) {
        return switch (kind) {
            case VALUE -> new ValueStateDescriptor<>(name, Long.class);
            case LIST -> new ListStateDescriptor<>(name, Long.class);
            case MAP -> new MapStateDescriptor<>(name, Integer.class, Long.class);
            case REDUCING -> new ReducingStateDescriptor<>(name, Long::sum, Long.class);
            case AGGREGATING -> new AggregatingStateDescriptor<>(name, AVERAGE, Acc.class);
        };
    }

    /** One handle of every kind, from one backend. */
    static final class Handles {
        final ValueState<Long> value;
        final ListState<Long> list;
        final MapState<Integer, Long> map;
        final ReducingState<Long> reducing;
        final AggregatingState<Long, String> aggregating;

        @SuppressWarnings("unchecked")
        Handles(KeyedStateBackend backend) {
            value = (ValueState<Long>) backend.getOrCreateState(descriptor(Kind.VALUE, "value"), NAMESPACE_SERIALIZER);
            list = (ListState<Long>) backend.getOrCreateState(descriptor(Kind.LIST, "list"), NAMESPACE_SERIALIZER);
            map = (MapState<Integer, Long>) backend.getOrCreateState(descriptor(Kind.MAP, "map"),
                    NAMESPACE_SERIALIZER);
            reducing = (ReducingState<Long>) backend.getOrCreateState(descriptor(Kind.REDUCING, "reducing"),
                    NAMESPACE_SERIALIZER);
            aggregating = (AggregatingState<Long, String>) backend.getOrCreateState(
                    descriptor(Kind.AGGREGATING, "aggregating"), NAMESPACE_SERIALIZER);
        }

        @SuppressWarnings("unchecked")
        InternalKvState<Object> internal(Kind kind) {
            Object handle = switch (kind) {
                case VALUE -> value;
                case LIST -> list;
                case MAP -> map;
                case REDUCING -> reducing;
                case AGGREGATING -> aggregating;
            };
            return (InternalKvState<Object>) handle;
        }
    }
}
