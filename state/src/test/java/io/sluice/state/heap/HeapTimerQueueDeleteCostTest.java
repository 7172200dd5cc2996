package io.sluice.state.heap;

import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a timer must not cost a pass over all timers (a job that moves one timer per key would
 * slow down linearly with its number of keys). Measured by what a delete touches, not by time: the
 * keys' {@code equals} calls (a scan compares the deleted timer with every timer of the same time),
 * and the timers the heap moves ({@link HeapTimerQueue#siftMoves}).
 */
class HeapTimerQueueDeleteCostTest {

    private static final int MAX_PARALLELISM = 128;
    private static final int TIMERS = 20_000;

    private final HeapKeyedStateBackend backend = new HeapKeyedStateBackend(
            new KeyedBackendParameters("timers", 0, MAX_PARALLELISM, new KeyGroupRange(0, MAX_PARALLELISM - 1)));

    /** A key that counts how often it is compared. */
    private record CountingKey(int id) {
        static long equalsCalls;

        @Override
        public boolean equals(Object o) {
            equalsCalls++;
            return o instanceof CountingKey k && k.id == id;
        }

        @Override
        public int hashCode() {
            return Integer.hashCode(id) * 0x9E3779B9;
        }
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void deletingTheNewestOfManyTimersOfOneTimeComparesAFewKeysNotAll() {
        KeyedTimerQueue<VoidNamespace> queue = backend.timerQueue("t", null);
        // keys of one key group, so that a scan must compare every key (timers of other groups differ sooner)
        int id = 0;
        for (int i = 0; i < TIMERS; i++, id++) {
            while (KeyGroups.keyGroupFor(new CountingKey(id), MAX_PARALLELISM) != 0) {
                id++;
            }
            use(new CountingKey(id));
            queue.add(1_000, VoidNamespace.INSTANCE); // every key's window ends at the same time
        }
        CountingKey.equalsCalls = 0;
        use(new CountingKey(id - 1)); // the newest timer's key: an equal key, not the same object
        assertThat(queue.remove(1_000, VoidNamespace.INSTANCE)).isTrue();
        assertThat(CountingKey.equalsCalls).as("key comparisons for one delete among %d timers", TIMERS)
                .isLessThanOrEqualTo(4);
        assertThat(queue.size()).isEqualTo(TIMERS - 1);
    }

    @Test
    void deletingAnyTimerMovesAtMostTwoPathsOfTheHeap() {
        HeapTimerQueue<VoidNamespace> queue = (HeapTimerQueue<VoidNamespace>) backend.<VoidNamespace>timerQueue("t", null);
        Random random = new Random(7);
        long[] times = new long[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            use(i);
            times[i] = random.nextInt(1_000_000);
            queue.add(times[i], VoidNamespace.INSTANCE);
        }
        int depth = 32 - Integer.numberOfLeadingZeros(TIMERS); // levels of the heap
        for (int d = 0; d < 2_000; d++) {
            int i = random.nextInt(TIMERS);
            use(i);
            long before = queue.siftMoves;
            boolean removed = queue.remove(times[i], VoidNamespace.INSTANCE);
            assertThat(queue.siftMoves - before).as("timers moved by one delete among %d", queue.size())
                    .isLessThanOrEqualTo(depth + 1);
            // move it later, as a per-key timeout does: the heap stays at the same size
            if (removed) {
                times[i] += 1 + random.nextInt(1_000_000);
                before = queue.siftMoves;
                queue.add(times[i], VoidNamespace.INSTANCE);
                assertThat(queue.siftMoves - before).isLessThanOrEqualTo(depth + 1);
            }
        }
        assertThat(queue.size()).isEqualTo(TIMERS);
    }

    private void use(Object key) {
        backend.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
    }
}
