package io.sluice.state.offheap;

import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copy on write while snapshot captures are open: only entries a capture holds are copied, once;
 * lists grow in place; what a capture kept is freed once it is written, without waiting for its
 * release; and every capture still writes exactly the state it captured.
 */
class SnapshotCopyOnWriteTest {

    private static final int MAX = 128;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX - 1);

    @TempDir
    Path dir;

    private record Handles(ValueState<Long> value, ListState<Long> list, MapState<Integer, Long> map) {
        static Handles of(OffHeapKeyedStateBackend b) {
            return new Handles(b.getOrCreateState(new ValueStateDescriptor<>("value", Long.class), null),
                    b.getOrCreateState(new ListStateDescriptor<>("list", Long.class), null),
                    b.getOrCreateState(new MapStateDescriptor<>("map", Integer.class, Long.class), null));
        }
    }

    private static OffHeapKeyedStateBackend backend(long budgetBytes) {
        return new OffHeapKeyedStateBackend(new KeyedBackendParameters("cow", 0, MAX, ALL), null, budgetBytes);
    }

    private static void key(OffHeapKeyedStateBackend b, long k) {
        b.setCurrentKey(k, KeyGroups.keyGroupFor(k, MAX));
    }

    /** Value, list and map of keys [0, keys) as text per key, for exact comparison. */
    private static Map<Long, String> describe(OffHeapKeyedStateBackend b, int keys) {
        Handles h = Handles.of(b);
        Map<Long, String> out = new TreeMap<>();
        for (long k = 0; k < keys; k++) {
            key(b, k);
            List<Long> list = new ArrayList<>();
            h.list().get().forEach(list::add);
            Map<Integer, Long> map = new TreeMap<>();
            h.map().entries().forEach(e -> map.put(e.getKey(), e.getValue()));
            out.put(k, "value=" + h.value().value() + " list=" + list + " map=" + map);
        }
        return out;
    }

    private Map<Long, String> restored(Path file, int keys) throws Exception {
        try (OffHeapKeyedStateBackend b = backend(256L << 20)) {
            KeyGroupSnapshot.restore(b, List.of(file));
            return describe(b, keys);
        }
    }

    /** Writes a capture on another thread, as the checkpoint I/O thread does, and waits for it. */
    private static void writeOnAnotherThread(KeyGroupSnapshot.Capture capture, Path file) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                capture.writeTo(file);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "snapshot-writer");
        writer.start();
        writer.join(30_000);
        assertThat(writer.isAlive()).as("the writer ended").isFalse();
        assertThat(failure.get()).isNull();
    }

    @Test
    void heavyUpdatesWhileACaptureIsOpenStayWithinTheBudgetAndCopyOnlyWhatTheCaptureHolds() throws Exception {
        int keys = 5_000;
        int rounds = 60;
        // with a copy per update while the capture is open this needs several hundred megabytes
        try (OffHeapKeyedStateBackend b = backend(48L << 20)) {
            Handles h = Handles.of(b);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                h.value().update(k);
                h.list().add(k); // one element: the list's block has room for the next one
                h.map().put(1, k);
            }
            Map<Long, String> atCapture = describe(b, 2 * keys);
            SnapshotEpochs epochs = b.memory().epochs();
            long copiesBefore = epochs.copies();
            KeyGroupSnapshot.Capture capture = KeyGroupSnapshot.capture(b, ALL); // held open: a slow write

            for (int round = 1; round <= rounds; round++) {
                for (long k = 0; k < 2L * keys; k++) { // the first half existed at the capture, the second is new
                    key(b, k);
                    h.value().update(k * round);
                    h.list().add((long) round);
                    h.map().put(round & 3, k + round);
                }
            }

            // values are kept in their tables' index (the inline layout): the first change copies a
            // key group's whole slot block once; map entries are copied one by one
            assertThat(b.tablesOf("value", io.sluice.state.snapshot.TableKind.VALUE))
                    .allSatisfy(t -> assertThat(t.isInline()).isTrue());
            assertThat(epochs.copies() - copiesBefore)
                    .as("each value table's block and each map entry the capture holds is copied once, and nothing"
                            + " else: not the entries created after it, nor lists, which grow in place")
                    .isEqualTo(MAX + (long) keys);
            Path file = dir.resolve("held.snap");
            writeOnAnotherThread(capture, file);
            capture.release();
            assertThat(epochs.deferredEntries()).as("what only the capture kept is freed on release").isZero();
            assertThat(epochs.openCaptures()).isZero();
            assertThat(restored(file, 2 * keys)).as("the snapshot holds the state at its capture").isEqualTo(atCapture);

            Map<Long, String> expected = new TreeMap<>();
            for (long k = 0; k < 2L * keys; k++) {
                List<Long> list = new ArrayList<>();
                if (k < keys) {
                    list.add(k);
                }
                Map<Integer, Long> map = new TreeMap<>();
                if (k < keys) {
                    map.put(1, k);
                }
                for (int round = 1; round <= rounds; round++) {
                    list.add((long) round);
                    map.put(round & 3, k + round);
                }
                expected.put(k, "value=" + k * rounds + " list=" + list + " map=" + map);
            }
            assertThat(describe(b, 2 * keys)).as("the live state").isEqualTo(expected);
        }
    }

    @Test
    void aWrittenCaptureGivesBackWhatItKeptBeforeItsReleaseComesBack() throws Exception {
        int keys = 20_000;
        // every cycle supersedes every value table's block (~3 MB in all); unless written captures let go of them,
        // 40 cycles need over 100 MB
        try (OffHeapKeyedStateBackend b = backend(16L << 20)) {
            Handles h = Handles.of(b);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                h.value().update(k);
            }
            SnapshotEpochs epochs = b.memory().epochs();
            List<KeyGroupSnapshot.Capture> unreleased = new ArrayList<>();
            List<Map<Long, String>> captured = new ArrayList<>();
            for (int cycle = 1; cycle <= 40; cycle++) {
                KeyGroupSnapshot.Capture capture = KeyGroupSnapshot.capture(b, ALL);
                unreleased.add(capture);
                for (long k = 0; k < keys; k++) {
                    key(b, k);
                    h.value().update(k * cycle);
                }
                assertThat(epochs.deferredEntries()).as("superseded value blocks, one per key group, kept for the open capture")
                        .isGreaterThanOrEqualTo(MAX);
                Path file = dir.resolve("cycle-" + cycle + ".snap");
                writeOnAnotherThread(capture, file); // its release stays queued behind the writes
                if (cycle % 10 == 1) {
                    captured.add(restored(file, keys));
                }
            }
            assertThat(epochs.retireWritten() || epochs.openCaptures() == 0).isTrue();
            assertThat(epochs.deferredEntries()).as("nothing is kept for written captures").isZero();
            for (KeyGroupSnapshot.Capture c : unreleased) {
                c.release(); // late releases change nothing
            }
            for (int i = 0; i < captured.size(); i++) {
                long cycle = 10L * i + 1;
                Map<Long, String> expected = new TreeMap<>();
                for (long k = 0; k < keys; k++) {
                    expected.put(k, "value=" + (cycle == 1 ? k : k * (cycle - 1)) + " list=[] map={}");
                }
                assertThat(captured.get(i)).as("capture %d", cycle).isEqualTo(expected);
            }
        }
    }

    @Test
    void capturesAcrossTheRenumberingOfEpochsStillWriteWhatTheyCaptured() throws Exception {
        int keys = 2_000;
        try (OffHeapKeyedStateBackend b = backend(64L << 20)) {
            SnapshotEpochs epochs = b.memory().epochs();
            epochs.jumpTo(Integer.MAX_VALUE - 1);
            Handles h = Handles.of(b);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                h.value().update(k);
                h.list().add(k);
                h.map().put(0, k);
            }
            Map<Long, String> first = describe(b, keys);
            KeyGroupSnapshot.Capture one = KeyGroupSnapshot.capture(b, ALL); // takes the last epoch
            for (long k = 0; k < keys; k += 2) {
                key(b, k);
                h.value().update(-k);
                h.list().add(-k);
                h.map().put(1, -k);
            }
            Map<Long, String> second = describe(b, keys);
            assertThat(epochs.exhausted()).isTrue();
            KeyGroupSnapshot.Capture two = KeyGroupSnapshot.capture(b, ALL); // renumbers, with the first open
            assertThat(epochs.writeEpoch()).isEqualTo(SnapshotEpochs.FIRST_EPOCH + 2);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                h.value().update(k * 7);
                h.list().add(k * 7);
                h.map().put(2, k * 7);
                if (k % 3 == 0) {
                    h.map().clear();
                }
            }
            Path a = dir.resolve("one.snap");
            Path c = dir.resolve("two.snap");
            one.writeTo(a);
            one.release();
            for (long k = 0; k < keys; k++) {
                key(b, k);
                h.value().update(k * 11); // copies again for the second capture as needed
            }
            two.writeTo(c);
            two.release();
            assertThat(restored(a, keys)).isEqualTo(first);
            assertThat(restored(c, keys)).isEqualTo(second);
            assertThat(epochs.deferredEntries()).isZero();
        }
    }
}
