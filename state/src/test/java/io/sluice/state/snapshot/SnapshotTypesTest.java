package io.sluice.state.snapshot;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.StateTtlConfig;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots record the key and value types: state of undeclared (inferred) types restores and is
 * read before the restored backend sees any key or value; a declared type other than the recorded
 * one, a class that cannot be loaded, or another time-to-live setting is refused with a message
 * naming the state (or the keys), the operator and the types.
 */
class SnapshotTypesTest {

    private static final String OPERATOR = "types-op";
    private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);
    private static final int USERS = 300;

    @TempDir
    Path dir;

    /** An undeclared key type: a record, inferred from the first key. */
    record UserId(String id) {
    }

    /** An undeclared value type. */
    record Reading(long at, double level) {
    }

    /** Handles whose every type is inferred: new serializers per instance, as a restarted job has. */
    private static final class Undeclared {
        final ValueState<Reading> last;
        final ListState<Reading> history;
        final MapState<Integer, String> labels;
        final ValueState<Reading> ttlLast;
        final KeyedTimerQueue<VoidNamespace> timers;

        Undeclared(KeyedStateBackend b) {
            b.setTtlClock(() -> 1L);
            last = b.getOrCreateState(new ValueStateDescriptor<>("last", Serializers.<Reading>undeclared("last")), null);
            history = b.getOrCreateState(new ListStateDescriptor<>("history", Serializers.<Reading>undeclared("history")),
                    null);
            labels = b.getOrCreateState(new MapStateDescriptor<>("labels", Serializers.<Integer>undeclared("label keys"),
                    Serializers.<String>undeclared("labels")), null);
            ValueStateDescriptor<Reading> ttl = new ValueStateDescriptor<>("ttl-last", Serializers.undeclared("ttl-last"));
            ttl.enableTimeToLive(StateTtlConfig.of(Duration.ofHours(1)));
            ttlLast = b.getOrCreateState(ttl, null);
            timers = b.timerQueue("timers", null);
        }
    }

    private static void key(KeyedStateBackend b, UserId k) {
        b.setCurrentKey(k, KeyGroups.keyGroupFor(k, Backends.MAX_PARALLELISM));
    }

    private static UserId user(int i) {
        return new UserId("user-" + i);
    }

    /** Writes a snapshot of undeclared types; returns the state per user and the timers. */
    private Map<String, String> writeUndeclared(Backends from, Path file) throws IOException {
        try (KeyedStateBackend b = from.create(OPERATOR, 0, 127)) {
            Undeclared h = new Undeclared(b);
            for (int i = 0; i < USERS; i++) {
                key(b, user(i));
                h.last.update(new Reading(i, i / 2.0));
                h.history.add(new Reading(i, 1));
                h.history.add(new Reading(i + 1, 2));
                h.labels.put(i % 7, "label" + i);
                h.ttlLast.update(new Reading(-i, 0));
                h.timers.add(1000 + i, VoidNamespace.INSTANCE);
            }
            Backends.write(b, ALL, file);
            return read(b, h, false);
        }
    }

    /** What the handles hold, timers first (polled before any key is set, when {@code timersFirst}). */
    private static Map<String, String> read(KeyedStateBackend b, Undeclared h, boolean timersFirst) {
        Map<String, String> out = new TreeMap<>();
        if (timersFirst) {
            drainTimers(h, b, out);
        }
        for (int i = 0; i < USERS; i++) {
            key(b, user(i));
            List<Reading> history = new ArrayList<>();
            h.history.get().forEach(history::add);
            Map<Integer, String> labels = new TreeMap<>();
            h.labels.entries().forEach(e -> labels.put(e.getKey(), e.getValue()));
            out.put(user(i).id(), h.last.value() + " " + history + " " + labels + " " + h.ttlLast.value());
        }
        if (!timersFirst) {
            drainTimers(h, b, out);
        }
        return out;
    }

    private static void drainTimers(Undeclared h, KeyedStateBackend b, Map<String, String> out) {
        List<String> timers = new ArrayList<>();
        while (!h.timers.isEmpty()) {
            long t = h.timers.peekTimestamp();
            h.timers.poll();
            timers.add(t + "@" + b.currentKey());
        }
        out.put("timers", timers.toString());
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Backends.values()).flatMap(from -> Stream.of(Backends.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void timersOfAnUndeclaredKeyTypeArePolledBeforeAnyKeyIsSet(Backends from, Backends to) throws Exception {
        Path file = dir.resolve("undeclared.snap");
        Map<String, String> expected = writeUndeclared(from, file);
        assertThat(expected.get("timers")).contains("1000@UserId[id=user-0]").contains("1299@UserId[id=user-299]");
        try (KeyedStateBackend b = to.create(OPERATOR, 0, 127)) {
            b.restore(List.of(file));
            Undeclared h = new Undeclared(b); // handles after the restore
            assertThat(b.currentKey()).isNull();
            assertThat(h.timers.size()).isEqualTo(USERS);
            assertThat(read(b, h, true)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void stateOfUndeclaredTypesIsReadBeforeAnyValueIsWritten(Backends from, Backends to) throws Exception {
        Path file = dir.resolve("undeclared.snap");
        Map<String, String> expected = writeUndeclared(from, file);
        assertThat(expected.get("user-7")).contains("Reading[at=7, level=3.5]").contains("label7");
        try (KeyedStateBackend b = to.create(OPERATOR, 0, 127)) {
            Undeclared h = new Undeclared(b); // handles before the restore: their serializers adopt the recorded types
            b.restore(List.of(file));
            assertThat(b.currentKey()).isNull();
            assertThat(read(b, h, false)).isEqualTo(expected);
        }
    }

    /** A snapshot of one value state "count" declared as Long, one entry per key 0..9. */
    private Path countsDeclaredAsLong(Backends from, TypeSerializer<?> keySerializer) throws IOException {
        Path file = dir.resolve("counts.snap");
        try (KeyedStateBackend b = from.create(new KeyedBackendParameters(OPERATOR, 0, 128, ALL), keySerializer)) {
            ValueState<Long> count = b.getOrCreateState(new ValueStateDescriptor<>("count", Serializers.LONG), null);
            for (long k = 0; k < 10; k++) {
                b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                count.update(k * 10);
            }
            Backends.write(b, ALL, file);
        }
        return file;
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aDeclaredValueTypeOtherThanTheRecordedOneIsRefusedNamingTheStateAndBothTypes(Backends backend)
            throws Exception {
        Path file = countsDeclaredAsLong(backend, null);
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            b.restore(List.of(file));
            assertThatThrownBy(() -> b.getOrCreateState(new ValueStateDescriptor<>("count", Serializers.STRING), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("state 'count'")
                    .hasMessageContaining("operator '" + OPERATOR + "'")
                    .hasMessageContaining("'Long' (declared)")
                    .hasMessageContaining("now declared as 'String' (declared)");
        }
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            b.getOrCreateState(new ValueStateDescriptor<>("count", Serializers.STRING), null);
            assertThatThrownBy(() -> b.restore(List.of(file)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("state 'count'")
                    .hasMessageContaining("'Long' (declared)")
                    .hasMessageContaining("'String' (declared)");
            assertThat(b.numEntries()).as("nothing loaded").isZero();
        }
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) { // the same type declared: restored
            ValueState<Long> count = b.getOrCreateState(new ValueStateDescriptor<>("count", Serializers.LONG), null);
            b.restore(List.of(file));
            b.setCurrentKey(3L, KeyGroups.keyGroupFor(3L, 128));
            assertThat(count.value()).isEqualTo(30L);
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void anInferredTypeRestoresIntoTheSameTypeDeclaredButNotIntoAnother(Backends backend) throws Exception {
        Path file = dir.resolve("inferred.snap");
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            ValueState<Long> v = b.getOrCreateState(new ValueStateDescriptor<>("v", Serializers.<Long>undeclared("v")), null);
            b.setCurrentKey(5L, KeyGroups.keyGroupFor(5L, 128));
            v.update(55L);
            Backends.write(b, ALL, file);
        }
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            b.restore(List.of(file));
            ValueState<Long> v = b.getOrCreateState(new ValueStateDescriptor<>("v", Serializers.LONG), null);
            b.setCurrentKey(5L, KeyGroups.keyGroupFor(5L, 128));
            assertThat(v.value()).isEqualTo(55L);
        }
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            b.restore(List.of(file));
            assertThatThrownBy(() -> b.getOrCreateState(new ValueStateDescriptor<>("v", Serializers.INT), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("state 'v'")
                    .hasMessageContaining("java.lang.Long (inferred from the first value)")
                    .hasMessageContaining("now declared as 'Integer'");
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aDeclaredKeyTypeOtherThanTheRecordedOneIsRefusedBeforeAnythingIsLoaded(Backends backend) throws Exception {
        Path file = countsDeclaredAsLong(backend, Serializers.LONG);
        try (KeyedStateBackend b = backend.create(new KeyedBackendParameters(OPERATOR, 0, 128, ALL), Serializers.STRING)) {
            assertThatThrownBy(() -> b.restore(List.of(file)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the keys")
                    .hasMessageContaining("operator '" + OPERATOR + "'")
                    .hasMessageContaining("'Long' (declared)")
                    .hasMessageContaining("now declared as 'String' (declared)");
            assertThat(b.numEntries()).isZero();
        }
        try (KeyedStateBackend b = backend.create(new KeyedBackendParameters(OPERATOR, 0, 128, ALL), Serializers.LONG)) {
            b.restore(List.of(file));
            assertThat(b.numEntries()).isEqualTo(10);
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void keysOfADeclaredTypeRestoredWithoutADeclaredTypeAreReadOnceTheFirstKeyDecidesIt(Backends from, Backends to)
            throws Exception {
        Path file = dir.resolve("declared-keys.snap");
        try (KeyedStateBackend b = from.create(new KeyedBackendParameters(OPERATOR, 0, 128, ALL), Serializers.LONG)) {
            ValueState<Long> count = b.getOrCreateState(new ValueStateDescriptor<>("count", Serializers.LONG), null);
            KeyedTimerQueue<VoidNamespace> timers = b.timerQueue("timers", null);
            for (long k = 0; k < 10; k++) {
                b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                count.update(k * 10);
                timers.add(100 + k, VoidNamespace.INSTANCE);
            }
            Backends.write(b, ALL, file);
        }
        try (KeyedStateBackend b = to.create(OPERATOR, 0, 127)) { // keys undeclared: only a recorded class is adopted
            b.restore(List.of(file));
            ValueState<Long> count = b.getOrCreateState(new ValueStateDescriptor<>("count", Serializers.LONG), null);
            KeyedTimerQueue<VoidNamespace> timers = b.timerQueue("timers", null);
            assertThat(b.numEntries()).isEqualTo(10);
            assertThat(timers.size()).isEqualTo(10);
            assertThatThrownBy(timers::poll)
                    .hasMessageContaining("operator '" + OPERATOR + "'")
                    .hasMessageContaining("cannot read its keys back");
            b.setCurrentKey(4L, KeyGroups.keyGroupFor(4L, 128)); // the first key: Long
            assertThat(count.value()).isEqualTo(40L);
            List<String> polled = new ArrayList<>();
            while (!timers.isEmpty()) {
                long t = timers.peekTimestamp();
                timers.poll();
                polled.add(t + "@" + b.currentKey() + "=" + count.value());
            }
            assertThat(polled).containsExactly("100@0=0", "101@1=10", "102@2=20", "103@3=30", "104@4=40", "105@5=50",
                    "106@6=60", "107@7=70", "108@8=80", "109@9=90");
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aStateSnapshottedWithATimeToLiveIsNotReadWithoutOne(Backends backend) throws Exception {
        Path file = dir.resolve("ttl.snap");
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("seen", Serializers.LONG);
            d.enableTimeToLive(StateTtlConfig.of(Duration.ofHours(1)));
            ValueState<Long> seen = b.getOrCreateState(d, null);
            b.setCurrentKey(1L, KeyGroups.keyGroupFor(1L, 128));
            seen.update(1L);
            Backends.write(b, ALL, file);
        }
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            b.restore(List.of(file));
            assertThatThrownBy(() -> b.getOrCreateState(new ValueStateDescriptor<>("seen", Serializers.LONG), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("state 'seen'")
                    .hasMessageContaining("with a time to live");
        }
    }

    /** A hand-made snapshot with one value state "ghost" whose types name classes of this test's choosing. */
    private Path recordedAs(TypeRecord keyType, TypeRecord valueType) throws IOException {
        Path file = dir.resolve("ghost.snap");
        int group = KeyGroups.keyGroupFor(1L, 128);
        SnapshotHeader header = new SnapshotHeader(128, ALL, keyType,
                List.of(new SnapshotHeader.StateInfo("ghost", TableKind.VALUE, false, valueType, TypeRecord.UNKNOWN)));
        try (SnapshotWriter w = SnapshotWriter.create(file, header)) {
            for (int g = 0; g < 128; g++) {
                w.beginKeyGroup(g);
                w.writeCount(g == group ? 1 : 0);
                if (g == group) {
                    w.writeEntry(EntryBytes.of(bytes(Serializers.LONG, 1L), bytes(Serializers.LONG, 7L)));
                }
                w.endKeyGroup();
            }
            w.finish();
        }
        return file;
    }

    private static <T> byte[] bytes(TypeSerializer<T> s, T value) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.serialize(value, new DataOutputStream(b));
        return b.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aRecordedClassThatCannotBeLoadedIsAnErrorNamingTheClassTheStateAndTheOperator(Backends backend)
            throws Exception {
        TypeRecord longKeys = TypeRecord.inferred(Long.class, "Long");
        Path missingValue = recordedAs(longKeys,
                new TypeRecord(TypeRecord.Origin.INFERRED, "com.example.gone.Missing", "com.example.gone.Missing"));
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            b.getOrCreateState(new ValueStateDescriptor<>("ghost", Serializers.undeclared("ghost")), null);
            assertThatThrownBy(() -> b.restore(List.of(missingValue)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("class com.example.gone.Missing")
                    .hasMessageContaining("state 'ghost'")
                    .hasMessageContaining("operator '" + OPERATOR + "'");
            assertThat(b.numEntries()).isZero();
        }
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            b.restore(List.of(missingValue)); // no handle yet: refused when it is created
            assertThatThrownBy(() -> b.getOrCreateState(new ValueStateDescriptor<>("ghost", Serializers.undeclared("ghost")),
                    null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("class com.example.gone.Missing")
                    .hasMessageContaining("state 'ghost'");
        }
        Path missingKey = recordedAs(new TypeRecord(TypeRecord.Origin.INFERRED, "com.example.gone.Key", "Key"),
                TypeRecord.inferred(Long.class, "Long"));
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) {
            assertThatThrownBy(() -> b.restore(List.of(missingKey)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("class com.example.gone.Key")
                    .hasMessageContaining("the keys")
                    .hasMessageContaining("operator '" + OPERATOR + "'");
            assertThat(b.numEntries()).isZero();
        }
        Path loadable = recordedAs(longKeys, TypeRecord.inferred(Long.class, "Long"));
        try (KeyedStateBackend b = backend.create(OPERATOR, 0, 127)) { // the same file with loadable classes reads back
            b.restore(List.of(loadable));
            ValueState<Long> ghost = b.getOrCreateState(new ValueStateDescriptor<>("ghost", Serializers.<Long>undeclared("g")),
                    null);
            b.setCurrentKey(1L, KeyGroups.keyGroupFor(1L, 128));
            assertThat(ghost.value()).isEqualTo(7L);
        }
    }
}
