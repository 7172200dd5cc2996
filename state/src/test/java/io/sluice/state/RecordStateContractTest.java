package io.sluice.state;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.heap.HeapKeyedStateBackend;
import io.sluice.state.offheap.OffHeapKeyedStateBackend;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What both backends' record state must do ({@link InternalRecordState}), checked against a model
 * (a map from key to bytes) over seeded random operations: edit, commit and read; growth keeping a
 * record's bytes; removal; walks over a key group that keep, remove and replace records, each
 * visited once, also when most of a big table goes in one walk; snapshots restored into the same
 * and the other backend, whole and split at other key-group ranges; and snapshots captured before
 * edits and rewrites, which must hold the bytes of the moment of their capture.
 *
 * <p>Every record starts with its key (8 bytes), so a walk knows whose record it sees.
 */
class RecordStateContractTest {

    private static final int MAX = 128;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX - 1);
    private static final String NAME = "slices";
    private static final TypeSerializer<byte[]> CONTENTS = Serializers.BYTES;

    @TempDir
    Path dir;

    /** The two backends. */
    enum Backend {
        HEAP {
            @Override
            KeyedStateBackend create(KeyGroupRange range) {
                return new HeapKeyedStateBackend(new KeyedBackendParameters("records", 0, MAX, range), null);
            }
        },
        OFF_HEAP {
            @Override
            KeyedStateBackend create(KeyGroupRange range) {
                return new OffHeapKeyedStateBackend(new KeyedBackendParameters("records", 0, MAX, range), null,
                        256L << 20);
            }
        };

        abstract KeyedStateBackend create(KeyGroupRange range);

        Backend other() {
            return this == HEAP ? OFF_HEAP : HEAP;
        }
    }

    static Stream<Arguments> backendsAndSeeds() {
        return Stream.of(Backend.values()).flatMap(b -> LongStream.rangeClosed(1, 4).mapToObj(s -> Arguments.of(b, s)));
    }

    /** A backend with its record state, a model of what it should hold, and random operations on both. */
    private static final class Subject {
        final KeyedStateBackend backend;
        final InternalRecordState records;
        final Map<Long, byte[]> model = new HashMap<>();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);

        Subject(KeyedStateBackend backend) {
            this.backend = backend;
            this.records = backend.recordState(NAME, CONTENTS);
        }

        void key(long k) {
            backend.setCurrentKey(k, KeyGroups.keyGroupFor(k, MAX));
        }

        /** Opens key {@code k}'s record, checks what it holds, writes a new one of random length (0: removes). */
        void edit(Random r, long k, boolean remove) {
            key(k);
            byte[] before = model.get(k);
            int minCapacity = 8 + r.nextInt(r.nextInt(10) == 0 ? 600 : 60);
            int length = records.edit(view, minCapacity);
            assertThat(length).as("length of key %d's record when opened", k).isEqualTo(before == null ? 0 : before.length);
            assertThat(view.capacity()).as("room of key %d's record", k).isGreaterThanOrEqualTo(Math.max(minCapacity, length));
            assertThat(bytes(view, length)).as("key %d's record when opened (room asked: %d)", k, minCapacity)
                    .isEqualTo(before == null ? new byte[0] : before);
            if (remove) {
                records.commit(0);
                model.remove(k);
                return;
            }
            int newLength = r.nextInt(4) == 0 && length >= 8 ? length : 8 + r.nextInt(view.capacity() - 7);
            byte[] after = new byte[newLength];
            if (before != null) {
                System.arraycopy(before, 0, after, 0, Math.min(before.length, newLength));
            }
            int from = r.nextBoolean() && before != null ? Math.min(before.length, newLength) : 8; // often appends only
            for (int i = from; i < newLength; i++) {
                after[i] = (byte) r.nextInt();
            }
            ByteBuffer.wrap(after).putLong(0, k);
            view.putBytes(0, after, 0, Math.max(from, 8)); // bytes already there are rewritten unchanged
            view.putBytes(from, after, from, newLength - from);
            records.commit(newLength);
            model.put(k, after);
        }

        /** Walks key group {@code group}, keeping, removing or replacing each record at random; checks each comes once. */
        void walk(Random r, int group, int removePercent, int replacePercent) throws Exception {
            Set<Long> seen = new HashSet<>();
            Map<Long, byte[]> changes = new HashMap<>();
            boolean withKeys = r.nextBoolean();
            records.forEachRecord(group, withKeys, (record, length, out) -> {
                byte[] bytes = new byte[length];
                record.getBytes(0, bytes);
                long k = ByteBuffer.wrap(bytes).getLong(0);
                assertThat(seen.add(k)).as("the walk of group %d visits key %d once", group, k).isTrue();
                if (withKeys) {
                    assertThat(backend.currentKey()).as("the current key while visiting key %d's record", k).isEqualTo(k);
                    assertThat(backend.currentKeyGroup()).as("the current key group in the walk of group %d", group)
                            .isEqualTo(group);
                }
                assertThat(bytes).as("key %d's record in the walk of group %d", k, group).isEqualTo(model.get(k));
                assertThat(out.capacity()).as("room for a replacement").isGreaterThanOrEqualTo(length);
                int dice = r.nextInt(100);
                if (dice < removePercent) {
                    changes.put(k, null);
                    return 0;
                }
                if (dice < removePercent + replacePercent) {
                    byte[] replacement = Arrays.copyOf(bytes, 8 + r.nextInt(length - 7));
                    for (int i = 8; i < replacement.length; i++) {
                        replacement[i] = (byte) r.nextInt();
                    }
                    out.putBytes(0, replacement);
                    changes.put(k, replacement);
                    return replacement.length;
                }
                return InternalRecordState.RecordVisitor.KEEP;
            });
            Set<Long> expected = new HashSet<>();
            for (long k : model.keySet()) {
                if (KeyGroups.keyGroupFor(k, MAX) == group) {
                    expected.add(k);
                }
            }
            assertThat(seen).as("the keys the walk of group %d visits", group).isEqualTo(expected);
            changes.forEach((k, v) -> {
                if (v == null) {
                    model.remove(k);
                } else {
                    model.put(k, v);
                }
            });
        }

        /** Random edits, removals and walks over keys [0, keys). */
        void randomOperations(Random r, int keys, int operations) throws Exception {
            for (int i = 0; i < operations; i++) {
                int dice = r.nextInt(100);
                long k = r.nextInt(keys);
                if (dice < 70) {
                    edit(r, k, false);
                } else if (dice < 80) {
                    edit(r, k, true);
                } else if (dice < 97) {
                    key(k);
                    byte[] expected = model.get(k);
                    int length = records.read(view);
                    assertThat(length).isEqualTo(expected == null ? -1 : expected.length);
                    if (expected != null) {
                        assertThat(bytes(view, length)).isEqualTo(expected);
                    }
                } else {
                    walk(r, r.nextInt(MAX), r.nextInt(40), r.nextInt(60));
                }
                if (i % 64 == 0) {
                    assertThat(backend.numEntries()).as("entries after %d operations", i).isEqualTo(model.size());
                }
            }
        }
    }

    private static byte[] bytes(DirectBuffer b, int length) {
        byte[] out = new byte[length];
        b.getBytes(0, out);
        return out;
    }

    /** Every record {@code backend} holds, read back by key for the model's keys and by walking each of its groups. */
    private static Map<Long, String> contents(KeyedStateBackend backend, Set<Long> keys) throws Exception {
        InternalRecordState records = backend.recordState(NAME, CONTENTS);
        Map<Long, String> walked = new TreeMap<>();
        KeyGroupRange range = backend.keyGroupRange();
        for (int g = range.start(); g <= range.end(); g++) {
            int group = g;
            records.forEachRecord(g, false, (record, length, out) -> {
                byte[] bytes = bytes(record, length);
                long k = ByteBuffer.wrap(bytes).getLong(0);
                assertThat(KeyGroups.keyGroupFor(k, MAX)).as("group of key %d found in group %d", k, group).isEqualTo(group);
                assertThat(walked.put(k, Arrays.toString(bytes))).as("key %d walked once", k).isNull();
                return InternalRecordState.RecordVisitor.KEEP;
            });
        }
        Map<Long, String> read = new TreeMap<>();
        UnsafeBuffer view = new UnsafeBuffer(0, 0);
        for (long k : keys) {
            int g = KeyGroups.keyGroupFor(k, MAX);
            if (!range.contains(g)) {
                continue;
            }
            backend.setCurrentKey(k, g);
            int length = records.read(view);
            if (length >= 0) {
                read.put(k, Arrays.toString(bytes(view, length)));
            }
        }
        assertThat(read).as("records read by key equal the records walked").isEqualTo(walked);
        assertThat(backend.numEntries()).isEqualTo(walked.size());
        return walked;
    }

    /** Fails naming the keys whose records differ (a few of them), rather than printing every record. */
    private static void assertSameRecords(Map<Long, String> actual, Map<Long, String> expected, String what) {
        if (actual.equals(expected)) {
            return;
        }
        Set<Long> keys = new TreeSet<>(actual.keySet());
        keys.addAll(expected.keySet());
        List<String> differences = new ArrayList<>();
        for (long k : keys) {
            if (!Objects.equals(actual.get(k), expected.get(k))) {
                differences.add("key " + k + ": " + actual.get(k) + ", expected " + expected.get(k));
            }
        }
        throw new AssertionError(what + ": " + differences.size() + " of " + keys.size() + " records differ, e.g. "
                + differences.subList(0, Math.min(3, differences.size())));
    }

    private static Map<Long, String> describe(Map<Long, byte[]> model, KeyGroupRange range) {
        Map<Long, String> out = new TreeMap<>();
        model.forEach((k, v) -> {
            if (range.contains(KeyGroups.keyGroupFor(k, MAX))) {
                out.put(k, Arrays.toString(v));
            }
        });
        return out;
    }

    private static Set<Long> keysUpTo(int keys) {
        Set<Long> out = new HashSet<>();
        for (long k = 0; k < keys; k++) {
            out.add(k);
        }
        return out;
    }

    // ---- tests ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("backendsAndSeeds")
    void randomEditsRemovalsAndWalksMatchTheModel(Backend backend, long seed) throws Exception {
        Random r = new Random(seed);
        try (KeyedStateBackend b = backend.create(ALL)) {
            Subject s = new Subject(b);
            s.randomOperations(r, 400, 20_000);
            assertSameRecords(contents(b, keysUpTo(400)), describe(s.model, ALL), "seed " + seed);
        }
    }

    /**
     * A prefetch is a hint: of keys with records, without, in groups that hold nothing yet and in
     * groups of other backends, it changes no record, nor the current key an edit is about to use.
     */
    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("backendsAndSeeds")
    void aPrefetchChangesNeitherRecordsNorTheCurrentKey(Backend backend, long seed) throws Exception {
        Random r = new Random(seed);
        KeyGroupRange half = new KeyGroupRange(0, MAX / 2 - 1);
        try (KeyedStateBackend b = backend.create(half)) {
            Subject s = new Subject(b);
            List<Long> mine = new ArrayList<>();
            for (long k = 0; mine.size() < 300; k++) {
                if (half.contains(KeyGroups.keyGroupFor(k, MAX))) {
                    mine.add(k);
                }
            }
            for (long k : mine.subList(0, 200)) { // the last 100 have no record
                s.edit(r, k, false);
            }
            Object[] keys = new Object[64];
            int[] groups = new int[64];
            for (int i = 0; i < keys.length; i++) {
                long k = i % 4 == 3 ? 1_000_000L + r.nextInt(1_000_000) : mine.get(r.nextInt(mine.size()));
                keys[i] = k; // a quarter of them mostly of the other backend's groups
                groups[i] = KeyGroups.keyGroupFor(k, MAX);
            }
            long current = mine.get(r.nextInt(200));
            s.key(current);
            s.records.prefetch(keys, groups, keys.length);

            assertThat(b.currentKey()).isEqualTo(current);
            int length = s.records.read(s.view);
            assertThat(length).as("the current key's record length, read after the prefetch")
                    .isEqualTo(s.model.get(current).length);
            assertThat(bytes(s.view, length)).as("the current key's record, read after the prefetch")
                    .isEqualTo(s.model.get(current));
            s.edit(r, current, false);
            assertSameRecords(contents(b, keysUpTo((int) (mine.get(mine.size() - 1) + 1))), describe(s.model, half),
                    "seed " + seed);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void growingARecordStepByStepPastItsRoomKeepsItsBytes(Backend backend) throws Exception {
        try (KeyedStateBackend b = backend.create(ALL)) {
            Subject s = new Subject(b);
            UnsafeBuffer view = s.view;
            s.key(7L);
            byte[] expected = new byte[0];
            for (int step = 1; step <= 300; step++) {
                int length = s.records.edit(view, expected.length + step);
                assertThat(length).isEqualTo(expected.length);
                assertThat(bytes(view, length)).as("after %d steps", step - 1).isEqualTo(expected);
                byte[] grown = Arrays.copyOf(expected, expected.length + step);
                for (int i = expected.length; i < grown.length; i++) {
                    grown[i] = (byte) (i * 31 + step);
                    view.putByte(i, grown[i]);
                }
                s.records.commit(grown.length);
                expected = grown;
            }
            assertThat(expected.length).isEqualTo(300 * 301 / 2);
            assertThat(s.records.read(view)).isEqualTo(expected.length);
            assertThat(bytes(view, expected.length)).isEqualTo(expected);
            assertThat(b.numEntries()).isEqualTo(1);
            s.records.edit(view, 1);
            s.records.commit(0);
            assertThat(s.records.read(view)).as("a record committed with length 0 is gone").isEqualTo(-1);
            assertThat(b.numEntries()).isZero();
        }
    }

    /**
     * Most of a big table's records removed in one walk (the table shrinks as they go), the others
     * kept or replaced: none is skipped or visited twice, in that walk or the next.
     */
    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("backendsAndSeeds")
    void aWalkRemovingMostOfABigTableNeitherSkipsNorRepeatsARecord(Backend backend, long seed) throws Exception {
        Random r = new Random(seed);
        int group = r.nextInt(MAX);
        try (KeyedStateBackend b = backend.create(ALL)) {
            Subject s = new Subject(b);
            int inGroup = 0;
            for (long k = 0; inGroup < 6_000; k++) {
                if (KeyGroups.keyGroupFor(k, MAX) == group) {
                    s.edit(r, k, false);
                    inGroup++;
                } else if (k % 97 == 0) {
                    s.edit(r, k, false); // neighbours in other groups, which walks must not see
                }
            }
            int others = s.model.size() - inGroup;
            s.walk(r, group, 90, 5);
            assertThat(s.model.size() - others).as("records left in the group").isLessThan(inGroup / 5);
            assertThat(b.numEntries()).isEqualTo(s.model.size());
            s.walk(r, group, 0, 50); // sees exactly the survivors, once each
            s.walk(r, group, 100, 0);
            s.walk(r, group, 0, 0);
            assertSameRecords(contents(b, s.model.keySet()), describe(s.model, ALL), "seed " + seed);
        }
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Backend.values()).flatMap(from -> Stream.of(Arguments.of(from, from), Arguments.of(from, from.other())));
    }

    /** A snapshot restores whole into the same or the other backend, and split into other key-group ranges. */
    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void aSnapshotRestoresTheSameRecordsWholeAndAtOtherKeyGroupRanges(Backend from, Backend to) throws Exception {
        Path file = dir.resolve("records.snap");
        Map<Long, byte[]> model;
        try (KeyedStateBackend b = from.create(ALL)) {
            Subject s = new Subject(b);
            s.randomOperations(new Random(from.ordinal() * 10 + to.ordinal()), 3_000, 15_000);
            model = s.model;
            write(b.snapshot(), file);
        }
        Set<Long> keys = keysUpTo(3_000);
        Map<Long, String> whole = new TreeMap<>();
        for (KeyGroupRange range : List.of(ALL, new KeyGroupRange(0, 41), new KeyGroupRange(42, 100),
                new KeyGroupRange(101, 127))) {
            try (KeyedStateBackend restored = to.create(range)) {
                restored.restore(List.of(file));
                Map<Long, String> got = contents(restored, keys);
                assertSameRecords(got, describe(model, range), "records of groups " + range);
                if (range != ALL) {
                    whole.putAll(got);
                }
                // the restored records go on as usual: edited, walked and snapshotted again
                Subject s = new Subject(restored);
                model.forEach((k, v) -> {
                    if (range.contains(KeyGroups.keyGroupFor(k, MAX))) {
                        s.model.put(k, v);
                    }
                });
                Random r = new Random(range.start());
                for (int i = 0; i < 2_000; i++) {
                    long k = r.nextInt(3_000);
                    if (range.contains(KeyGroups.keyGroupFor(k, MAX))) {
                        s.edit(r, k, r.nextInt(5) == 0);
                    }
                }
                for (int g = range.start(); g <= range.end(); g++) {
                    s.walk(r, g, 20, 20);
                }
                assertSameRecords(contents(restored, keys), describe(s.model, range), "after changes, groups " + range);
            }
        }
        assertSameRecords(whole, describe(model, ALL), "the three ranges together");
    }

    /**
     * Snapshots captured before edits, growths, removals and rewrites by walks are written after
     * them (one on another thread, as the checkpoint I/O thread does): each holds the records of the
     * moment of its capture, and the live state holds the new ones.
     */
    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("backendsAndSeeds")
    @SuppressWarnings("unchecked")
    void aSnapshotHoldsTheRecordsOfItsCaptureWhateverChangesBeforeItIsWritten(Backend backend, long seed)
            throws Exception {
        Random r = new Random(seed);
        int keys = 2_000;
        Path first = dir.resolve("first.snap");
        Path second = dir.resolve("second.snap");
        Map<Long, String> atFirst;
        Map<Long, String> atSecond;
        Map<Long, String> live;
        try (KeyedStateBackend b = backend.create(ALL)) {
            Subject s = new Subject(b);
            for (long k = 0; k < keys; k++) {
                s.edit(r, k, false);
            }
            atFirst = describe(s.model, ALL);
            KeyedStateSnapshot one = b.snapshot();
            changeEverything(r, s, keys);
            atSecond = describe(s.model, ALL);
            KeyedStateSnapshot two = b.snapshot(); // a second capture while the first is still open
            changeEverything(r, s, keys);
            writeOnAnotherThread(one, first);
            one.release();
            changeEverything(r, s, keys); // with only the second capture open
            write(two, second);
            live = describe(s.model, ALL);
            assertSameRecords(contents(b, keysUpTo(keys + 100)), live, "the live records, seed " + seed);
        }
        for (Backend to : Backend.values()) {
            for (Object[] snap : new Object[][] {{first, atFirst}, {second, atSecond}}) {
                try (KeyedStateBackend restored = to.create(ALL)) {
                    restored.restore(List.of((Path) snap[0]));
                    assertSameRecords(contents(restored, keysUpTo(keys + 100)), (Map<Long, String>) snap[1],
                            snap[0] + " restored into " + to + ", seed " + seed);
                }
            }
        }
        assertThat(live).isNotEqualTo(atFirst).isNotEqualTo(atSecond);
    }

    /** Edits (many grow), removes and re-adds records, and walks every group rewriting and removing some. */
    private static void changeEverything(Random r, Subject s, int keys) throws Exception {
        for (long k = 0; k < keys; k++) {
            int dice = r.nextInt(10);
            if (dice < 5) {
                s.edit(r, k, false);
            } else if (dice == 5) {
                s.edit(r, k, true);
            }
        }
        for (int g = 0; g < MAX; g++) {
            s.walk(r, g, 10, 60);
        }
        for (long k = keys; k < keys + 100; k++) {
            s.edit(r, k, r.nextBoolean()); // keys created (and some removed) after the capture
        }
    }

    private static void write(KeyedStateSnapshot snapshot, Path file) throws Exception {
        try {
            snapshot.writeTo(file);
        } finally {
            snapshot.release();
        }
    }

    private static void writeOnAnotherThread(KeyedStateSnapshot snapshot, Path file) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                snapshot.writeTo(file);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "snapshot-writer");
        writer.start();
        writer.join(30_000);
        assertThat(writer.isAlive()).as("the writer ended").isFalse();
        assertThat(failure.get()).isNull();
    }
}
