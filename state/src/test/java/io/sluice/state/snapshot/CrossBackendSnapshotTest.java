package io.sluice.state.snapshot;

import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots of either backend restore into either: whole, into halves, from halves, into a range
 * across files; both backends write the same bytes for the same state; every corrupt byte is
 * refused as a checksum mismatch, every truncation is refused, and nothing is loaded; another
 * version is named only when the checksum is right.
 */
class CrossBackendSnapshotTest {

    private static final int KEYS = 2000;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);

    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        return Stream.of(Backends.values()).flatMap(from -> Stream.of(Backends.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void restoresWholeIntoHalvesFromHalvesAndAcrossFilesWithIdenticalContents(Backends from, Backends to)
            throws Exception {
        Path all = dir.resolve("all.snap");
        Path low = dir.resolve("low.snap");
        Path high = dir.resolve("high.snap");
        Map<String, String> expected;
        long entries;
        try (KeyedStateBackend original = from.create("snap", 0, 127)) {
            StateFixture f = new StateFixture(original);
            f.fill(KEYS, 42);
            entries = original.numEntries();
            Backends.write(original, ALL, all);
            Backends.write(original, new KeyGroupRange(0, 63), low);
            Backends.write(original, new KeyGroupRange(64, 127), high);
            expected = f.describe(KEYS);
        }
        assertThat(entries).isGreaterThan(KEYS);
        assertThat(expected.keySet()).filteredOn(k -> k.startsWith("timer ")).hasSizeGreaterThan(100);
        assertThat(expected.keySet()).filteredOn(k -> k.startsWith("key-timer ")).hasSizeGreaterThan(100);

        try (KeyedStateBackend whole = to.create("snap", 0, 127)) {
            StateFixture f = new StateFixture(whole); // handles and timer queues exist before the restore
            whole.restore(List.of(all));
            assertThat(whole.numEntries()).isEqualTo(entries);
            assertThat(f.describe(KEYS)).isEqualTo(expected);
        }
        try (KeyedStateBackend first = to.create("snap", 0, 63); KeyedStateBackend second = to.create("snap", 64, 127)) {
            first.restore(List.of(all)); // handles created after the restore
            second.restore(List.of(all));
            assertThat(first.numEntries() + second.numEntries()).isEqualTo(entries);
            Map<String, String> both = new TreeMap<>(new StateFixture(first).describe(KEYS));
            both.putAll(new StateFixture(second).describe(KEYS));
            assertThat(both).isEqualTo(expected);
        }
        try (KeyedStateBackend fromHalves = to.create("snap", 0, 127)) {
            fromHalves.restore(List.of(low, high));
            assertThat(fromHalves.numEntries()).isEqualTo(entries);
            assertThat(new StateFixture(fromHalves).describe(KEYS)).isEqualTo(expected);
        }
        try (KeyedStateBackend thirds = to.create("snap", 43, 85)) { // a range cutting across both files
            thirds.restore(List.of(low, high));
            Map<String, String> part = new TreeMap<>(expected);
            part.keySet().removeIf(d -> !thirds.keyGroupRange().contains(KeyGroups.keyGroupFor(keyOf(d),
                    Backends.MAX_PARALLELISM)));
            assertThat(part).isNotEmpty().hasSizeLessThan(expected.size());
            assertThat(new StateFixture(thirds).describe(KEYS)).isEqualTo(part);
        }
    }

    /** Every state and timer queue of {@link StateFixture}. */
    private static final List<String> NAMES = List.of("value", "list", "map", "reducing", "aggregating", "ttl-value",
            "ttl-list", "ttl-map", "timers", "key-timers");

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void restoredStatesListTheOriginalsKeysOfTheirRangeBeforeAndAfterTheirHandlesAreRequested(Backends from, Backends to)
            throws Exception {
        Path all = dir.resolve("all.snap");
        Map<String, List<Object>> original = new TreeMap<>();
        try (KeyedStateBackend b = from.create("snap", 0, 127)) {
            new StateFixture(b).fill(300, 11);
            for (String name : NAMES) {
                original.put(name, b.keys(name));
            }
            Backends.write(b, ALL, all);
        }
        for (String name : List.of("value", "list", "map", "ttl-list", "ttl-map")) {
            assertThat(original.get(name)).as(name).hasSizeBetween(100, 300).doesNotHaveDuplicates()
                    .allSatisfy(k -> assertThat((Long) k).isBetween(0L, 299L));
        }
        assertThat(original.get("timers")).as("timers are not state").isEmpty();

        for (KeyGroupRange range : List.of(ALL, new KeyGroupRange(43, 85))) {
            try (KeyedStateBackend restored = to.create("snap", range.start(), range.end())) {
                restored.restore(List.of(all));
                assertKeys(restored, original, "handles not requested, no key set, " + range);
                new StateFixture(restored);
                assertKeys(restored, original, "handles requested, " + range);
            }
        }
    }

    private static void assertKeys(KeyedStateBackend b, Map<String, List<Object>> original, String when) {
        for (String name : NAMES) {
            List<Object> keys = b.keys(name);
            assertThat(keys).as("%s, %s", name, when).containsExactlyInAnyOrderElementsOf(original.get(name).stream()
                    .filter(k -> b.keyGroupRange().contains(KeyGroups.keyGroupFor(k, Backends.MAX_PARALLELISM)))
                    .toList());
            assertThat(keys.stream().map(k -> KeyGroups.keyGroupFor(k, Backends.MAX_PARALLELISM)).toList())
                    .as("key groups of %s, %s", name, when).isSorted();
        }
    }

    /** The key a line of {@link StateFixture#describe} is about: "key K", "timer TIME K NS", "key-timer TIME K NS". */
    private static long keyOf(String description) {
        String[] t = description.split(" ");
        return Long.parseLong(t[0].equals("key") ? t[1] : t[2]);
    }

    @Test
    void bothBackendsWriteTheSameBytesForTheSameStateAndRestoresWriteThemAgain() throws Exception {
        Map<Backends, byte[]> whole = new TreeMap<>();
        Map<Backends, byte[]> half = new TreeMap<>();
        for (Backends b : Backends.values()) {
            try (KeyedStateBackend backend = b.create("snap", 0, 127)) {
                new StateFixture(backend).fill(KEYS, 7);
                Path file = dir.resolve(b + ".snap");
                Backends.write(backend, ALL, file);
                whole.put(b, Files.readAllBytes(file));
                Backends.write(backend, new KeyGroupRange(32, 95), file);
                half.put(b, Files.readAllBytes(file));
            }
        }
        assertSameBytes(whole.get(Backends.HEAP), whole.get(Backends.OFF_HEAP), "whole, heap vs off-heap");
        assertSameBytes(half.get(Backends.HEAP), half.get(Backends.OFF_HEAP), "key groups 32-95, heap vs off-heap");
        assertThat(half.get(Backends.HEAP).length).isLessThan(whole.get(Backends.HEAP).length);

        Path source = dir.resolve("source.snap");
        Files.write(source, whole.get(Backends.HEAP));
        for (Backends b : Backends.values()) {
            for (boolean handlesFirst : new boolean[] {false, true}) {
                try (KeyedStateBackend restored = b.create("snap", 0, 127)) {
                    if (handlesFirst) {
                        new StateFixture(restored); // the heap backend then holds objects, else still bytes
                    }
                    restored.restore(List.of(source));
                    Path again = dir.resolve("again.snap");
                    Backends.write(restored, ALL, again);
                    assertSameBytes(Files.readAllBytes(again), whole.get(Backends.HEAP),
                            b + " restored " + (handlesFirst ? "into handles" : "before handles") + " and snapshotted again");
                }
            }
        }
    }

    private static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        int mismatch = Arrays.mismatch(actual, expected);
        assertThat(mismatch).as("%s: first differing byte of %d and %d bytes", what, actual.length, expected.length)
                .isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aCaptureHoldsTheStateOfItsMomentWhileTheTaskGoesOnAndIsWrittenOnAnotherThread(Backends backend)
            throws Exception {
        Path file = dir.resolve("async.snap");
        try (KeyedStateBackend live = backend.create("snap", 0, 127)) {
            StateFixture f = new StateFixture(live);
            f.fill(KEYS, 3);
            long entriesAtCapture = live.numEntries();
            KeyedStateSnapshot capture = Backends.snapshot(live, ALL);
            Map<String, String> atCapture = f.describe(KEYS); // drains the timers: a change after the capture
            f.fill(KEYS * 2, 4);
            Throwable[] failure = new Throwable[1];
            Thread writer = new Thread(() -> {
                try {
                    capture.writeTo(file);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "snapshot-writer");
            writer.start();
            f.fill(KEYS * 2, 5); // the task keeps changing state while the writer runs
            writer.join();
            capture.release();
            assertThat(failure[0]).isNull();
            assertThat(f.describe(KEYS * 2)).isNotEqualTo(atCapture);
            try (KeyedStateBackend restored = backend.create("snap", 0, 127)) {
                restored.restore(List.of(file));
                assertThat(restored.numEntries()).isEqualTo(entriesAtCapture);
                assertThat(new StateFixture(restored).describe(KEYS)).isEqualTo(atCapture);
            }
        }
    }

    /** A small snapshot of a few key groups holding every state kind and timers, for flipping every byte. */
    private Path smallSnapshot(Backends backend, KeyGroupRange range) throws Exception {
        Path good = dir.resolve("small-" + backend + ".snap");
        try (KeyedStateBackend original = backend.create("snap", 0, 127)) {
            new StateFixture(original).fill(80, 7);
            Backends.write(original, range, good);
        }
        try (KeyedStateBackend check = backend.create("snap", 0, 127)) {
            StateFixture f = new StateFixture(check);
            check.restore(List.of(good));
            assertThat(check.numEntries()).as("the small snapshot holds entries").isGreaterThan(5);
            assertThat(f.timers.size() + f.keyTimers.size()).as("and timers").isGreaterThan(2);
        }
        return good;
    }

    /**
     * Every byte of a snapshot holding values, lists, maps and timers, changed in turn (once by a
     * single bit, once by a pattern of bits), is refused as a checksum mismatch that names the file
     * and says what to do, never as whatever the changed byte would make of the file's structure
     * (a timer of 0 key bytes, an impossible length, another key group, version or trailer), and
     * nothing is loaded.
     */
    @ParameterizedTest
    @EnumSource(Backends.class)
    void everyCorruptedByteIsReportedAsAChecksumMismatchAndNothingIsLoaded(Backends backend) throws Exception {
        Path good = smallSnapshot(backend, new KeyGroupRange(0, 7));
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.snap");
        for (int i = 0; i < bytes.length; i++) {
            for (int flip : new int[] {1 << (i % 8), 1 + (i % 255)}) {
                byte[] copy = bytes.clone();
                copy[i] ^= (byte) flip;
                Files.write(bad, copy);
                try (KeyedStateBackend target = backend.create("snap", 0, 127)) {
                    StateFixture f = new StateFixture(target); // restored state would show in existing handles
                    String what = String.format("byte %d of %d changed by xor 0x%02x", i, bytes.length, flip);
                    assertThatThrownBy(() -> target.restore(List.of(good, bad)))
                            .as(what)
                            .isInstanceOf(CorruptSnapshotException.class)
                            .hasMessage("snapshot file " + bad + " is corrupt: checksum mismatch (its bytes changed"
                                    + " or it was cut short after it was written); restore from another checkpoint")
                            .message().doesNotContain("timer", "length", "impossible", "key group", "version",
                                    "magic", "trailer", "truncated", "state '");
                    assertThat(target.numEntries()).as("nothing loaded, %s", what).isZero();
                    assertThat(f.timers.size() + f.keyTimers.size()).as("no timers loaded, %s", what).isZero();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void everyTruncationIsRefusedAndNothingIsLoaded(Backends backend) throws Exception {
        Path good = smallSnapshot(backend, ALL);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.snap");
        for (int n = 0; n < bytes.length; n += Math.max(1, bytes.length / 400)) {
            Files.write(cut, Arrays.copyOf(bytes, n));
            try (KeyedStateBackend target = backend.create("snap", 0, 127)) {
                int at = n;
                assertThatThrownBy(() -> target.restore(List.of(good, cut)))
                        .as("cut at %d of %d", at, bytes.length)
                        .isInstanceOf(CorruptSnapshotException.class)
                        .hasMessageContaining(cut.toString());
                assertThat(target.numEntries()).isZero();
                StateFixture f = new StateFixture(target);
                assertThat(f.timers.size() + f.keyTimers.size()).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aSnapshotOfAnotherMaxParallelismIsRefusedWithTheReasonBeforeAnythingIsLoaded(Backends backend)
            throws Exception {
        Path good = dir.resolve("mp128.snap");
        Path other = dir.resolve("mp256.snap");
        try (KeyedStateBackend original = backend.create("snap", 0, 127)) {
            new StateFixture(original).fill(10, 1);
            Backends.write(original, ALL, good);
        }
        KeyedBackendParameters p256 = new KeyedBackendParameters("snap", 0, 256, new KeyGroupRange(0, 255));
        try (KeyedStateBackend original = backend.create(p256, null)) {
            original.setCurrentKey(1L, KeyGroups.keyGroupFor(1L, 256));
            original.getOrCreateState(new io.sluice.api.state.ValueStateDescriptor<>("value", Long.class), null).update(1L);
            Backends.write(original, new KeyGroupRange(0, 255), other);
        }
        try (KeyedStateBackend target = backend.create("snap", 0, 127)) {
            assertThatThrownBy(() -> target.restore(List.of(good, other)))
                    .isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining(other.toString())
                    .hasMessageContaining("max parallelism 256")
                    .hasMessageContaining("128");
            assertThat(target.numEntries()).isZero();
        }
    }

    /**
     * A file of another format version with a right checksum (versions from 3 on end with it) is
     * refused naming its version; the same version field with a wrong checksum is just as likely a
     * changed byte, and is refused as corrupt.
     */
    @ParameterizedTest
    @EnumSource(Backends.class)
    void anotherVersionIsReportedAsSuchOnlyWhenTheChecksumIsRight(Backends backend) throws Exception {
        Path file = dir.resolve("v.snap");
        try (KeyedStateBackend original = backend.create("snap", 0, 127)) {
            new StateFixture(original).fill(10, 1);
            Backends.write(original, ALL, file);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(SnapshotFormat.VERSION).isEqualTo(3);
        for (int version : new int[] {1, 2, 4}) {
            ByteBuffer.wrap(bytes).putInt(4, version);
            Files.write(file, bytes);
            try (KeyedStateBackend target = backend.create("snap", 0, 127)) {
                assertThatThrownBy(() -> target.restore(List.of(file)))
                        .as("version %d, checksum not updated", version)
                        .isInstanceOf(CorruptSnapshotException.class)
                        .hasMessageContaining(file.toString())
                        .hasMessageContaining("is corrupt: checksum mismatch")
                        .message().doesNotContain("version");
            }
            Files.write(file, withChecksum(bytes));
            try (KeyedStateBackend target = backend.create("snap", 0, 127)) {
                assertThatThrownBy(() -> target.restore(List.of(file)))
                        .as("version %d, checksum right", version)
                        .isInstanceOf(CorruptSnapshotException.class)
                        .hasMessageContaining(file.toString())
                        .hasMessageContaining("format version " + version)
                        .hasMessageContaining("only version 3")
                        .message().doesNotContain("checksum");
                assertThat(target.numEntries()).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aFileOfAnotherKindWithARightChecksumIsRefusedAsNotASnapshot(Backends backend) throws Exception {
        Path file = dir.resolve("other.bin");
        byte[] bytes = "a file that is not a snapshot, with a CRC32C at its end".getBytes(StandardCharsets.UTF_8);
        Files.write(file, withChecksum(Arrays.copyOf(bytes, bytes.length + Long.BYTES)));
        try (KeyedStateBackend target = backend.create("snap", 0, 127)) {
            assertThatThrownBy(() -> target.restore(List.of(file)))
                    .isInstanceOf(CorruptSnapshotException.class)
                    .hasMessage("snapshot file " + file + " is not a Sluice key-group snapshot (wrong magic number)");
        }
    }

    /** A file whose checksum is right but whose structure is not is refused as written wrong, not as corrupt. */
    @ParameterizedTest
    @EnumSource(Backends.class)
    void aMalformedFileWithARightChecksumIsRefusedAsWrittenWrong(Backends backend) throws Exception {
        Path good = smallSnapshot(backend, new KeyGroupRange(0, 7));
        byte[] bytes = Files.readAllBytes(good);
        int blockCount = bytes.length - Long.BYTES - Integer.BYTES; // the trailer: "SLKE" · blocks · checksum
        assertThat(ByteBuffer.wrap(bytes).getInt(blockCount)).isEqualTo(8);
        ByteBuffer.wrap(bytes).putInt(blockCount, 9);
        Path bad = dir.resolve("malformed.snap");
        Files.write(bad, withChecksum(bytes));
        try (KeyedStateBackend target = backend.create("snap", 0, 127)) {
            assertThatThrownBy(() -> target.restore(List.of(good, bad)))
                    .isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining(bad.toString())
                    .hasMessageContaining("written malformed (its checksum is right")
                    .hasMessageContaining("trailer")
                    .hasMessageEndingWith("restore from another checkpoint");
            assertThat(target.numEntries()).isZero();
        }
    }

    /** {@code bytes} with their last 8 bytes replaced by the CRC32C of the others, as the format ends. */
    private static byte[] withChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        byte[] sealed = bytes.clone();
        ByteBuffer.wrap(sealed).putLong(bytes.length - Long.BYTES, crc.getValue());
        return sealed;
    }
}
