package io.sluice.state.offheap;

import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.KeyedTimerQueueContractTest;
import io.sluice.state.VoidNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract, and what the off-heap queue's lazy removal adds to it: removed timers hold bounded
 * memory, and a snapshot capture still reads the timers it began with while they are removed,
 * dropped and their memory reused, across a renumbering of the snapshot epochs too.
 */
class OffHeapTimerQueueTest extends KeyedTimerQueueContractTest {

    private static final int MAX = 128;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX - 1);
    private static final int KEYS = 3_000;

    @TempDir
    Path dir;

    @Override
    protected KeyedStateBackend createBackend(KeyedBackendParameters parameters) {
        return new OffHeapKeyedStateBackend(parameters, null, 256L << 20);
    }

    private static OffHeapKeyedStateBackend backend() {
        return new OffHeapKeyedStateBackend(new KeyedBackendParameters("timers", 0, MAX, ALL), null, 256L << 20);
    }

    private static void key(OffHeapKeyedStateBackend b, long k) {
        b.setCurrentKey(k, KeyGroups.keyGroupFor(k, MAX));
    }

    /** One timer per key at {@code times[k]}. */
    private static KeyedTimerQueue<VoidNamespace> timers(OffHeapKeyedStateBackend b, long[] times) {
        KeyedTimerQueue<VoidNamespace> q = b.timerQueue("timeouts", null);
        for (int k = 0; k < times.length; k++) {
            key(b, k);
            assertThat(q.add(times[k], VoidNamespace.INSTANCE)).isTrue();
        }
        return q;
    }

    /** Moves random keys' timers later, as a per-key timeout does: remove, then add. */
    private static void move(OffHeapKeyedStateBackend b, KeyedTimerQueue<VoidNamespace> q, long[] times, int moves,
            Random random) {
        for (int i = 0; i < moves; i++) {
            int k = random.nextInt(times.length);
            key(b, k);
            assertThat(q.remove(times[k], VoidNamespace.INSTANCE)).isTrue();
            times[k] += 1 + random.nextInt(1_000);
            assertThat(q.add(times[k], VoidNamespace.INSTANCE)).isTrue();
        }
    }

    /** Polls everything, checking order and that key {@code k} fires at {@code times[k]}, each once. */
    private static void pollAll(OffHeapKeyedStateBackend b, KeyedTimerQueue<VoidNamespace> q, long[] times) {
        boolean[] fired = new boolean[times.length];
        long last = Long.MIN_VALUE;
        int polled = 0;
        while (!q.isEmpty()) {
            long t = q.peekTimestamp();
            assertThat(t).isGreaterThanOrEqualTo(last);
            q.poll();
            int k = (int) (long) (Long) b.currentKey();
            assertThat(times[k]).as("key %d's timer", k).isEqualTo(t);
            assertThat(fired[k]).as("key %d fired twice", k).isFalse();
            fired[k] = true;
            last = t;
            polled++;
        }
        assertThat(polled).isEqualTo(times.length);
    }

    private static long[] initialTimes() {
        long[] times = new long[KEYS];
        for (int k = 0; k < KEYS; k++) {
            times[k] = 1_000 + (k * 7919L) % KEYS;
        }
        return times;
    }

    @Test
    void removedTimersHoldAtMostAsMuchMemoryAsLiveOnes() {
        try (OffHeapKeyedStateBackend b = backend()) {
            long[] times = initialTimes();
            KeyedTimerQueue<VoidNamespace> q = timers(b, times);
            long live = b.usedBytes();
            long most = live;
            Random random = new Random(7);
            for (int round = 0; round < 100; round++) {
                move(b, q, times, 2_000, random); // 200,000 moves and not one poll
                most = Math.max(most, b.usedBytes());
                assertThat(q.size()).isEqualTo(KEYS);
            }
            // removed timers at most as many as live ones (plus a floor), with the heap grown to hold both
            assertThat(most).as("bytes used: %d with the live timers alone", live).isLessThan(4 * live);
            pollAll(b, q, times);
        }
    }

    @Test
    void aSnapshotReadsTheTimersItBeganWithWhileTheyAreRemovedAndTheirMemoryReused() throws Exception {
        try (OffHeapKeyedStateBackend b = backend()) {
            long[] times = initialTimes();
            KeyedTimerQueue<VoidNamespace> q = timers(b, times);
            long[] atCapture = times.clone();
            KeyGroupSnapshot.Capture capture = KeyGroupSnapshot.capture(b, ALL);
            // enough moves that the heap drops removed timers several times over, and polls of some
            move(b, q, times, 20_000, new Random(11));
            Path file = dir.resolve("timers.snap");
            capture.writeTo(file);
            capture.release();
            pollAll(b, q, times);

            try (OffHeapKeyedStateBackend restored = backend()) {
                KeyGroupSnapshot.restore(restored, List.of(file));
                pollAll(restored, restored.timerQueue("timeouts", null), atCapture);
            }
            assertThat(b.memory().epochs().deferredEntries()).isZero();
        }
    }

    @Test
    void removedTimersHeldByACaptureSurviveTheRenumberingOfEpochs() throws Exception {
        try (OffHeapKeyedStateBackend b = backend()) {
            SnapshotEpochs epochs = b.memory().epochs();
            epochs.jumpTo(Integer.MAX_VALUE - 1);
            long[] times = initialTimes();
            KeyedTimerQueue<VoidNamespace> q = timers(b, times);
            long[] atFirst = times.clone();
            KeyGroupSnapshot.Capture one = KeyGroupSnapshot.capture(b, ALL); // takes the last epoch
            Random random = new Random(13);
            // fewer moves than timers: the removed ones stay in the heap, held by the first capture
            move(b, q, times, KEYS / 2, random);
            long[] atSecond = times.clone();
            assertThat(epochs.exhausted()).isTrue();
            KeyGroupSnapshot.Capture two = KeyGroupSnapshot.capture(b, ALL); // renumbers, the first still open
            // now enough moves to drop removed timers from the heap, and to reuse what is freed
            move(b, q, times, 20_000, random);
            List<Path> files = new ArrayList<>();
            for (KeyGroupSnapshot.Capture c : List.of(one, two)) {
                Path file = dir.resolve("capture-" + files.size() + ".snap");
                c.writeTo(file);
                c.release();
                files.add(file);
            }
            pollAll(b, q, times);
            for (int i = 0; i < 2; i++) {
                try (OffHeapKeyedStateBackend restored = backend()) {
                    KeyGroupSnapshot.restore(restored, List.of(files.get(i)));
                    pollAll(restored, restored.timerQueue("timeouts", null), i == 0 ? atFirst : atSecond);
                }
            }
            assertThat(epochs.deferredEntries()).isZero();
        }
    }
}
