package io.sluice.runtime.time;

import io.sluice.runtime.operators.BackendKeyContext;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateBackend;
import io.sluice.state.VoidNamespace;
import io.sluice.state.heap.HeapStateBackend;
import io.sluice.state.offheap.OffHeapStateBackend;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Firing timers allocates nothing per timer: one entry per timer service is refilled for every
 * timer. Timers of keys of a keyed function (no window), keys whose boxes are cached, so that what
 * is measured is the firing, not the keys; and timers of several kinds of operator, as on a worker
 * that runs several jobs, so that the JIT cannot inline the call and do away with an entry per
 * timer by itself.
 */
class TimerFiringAllocationTest {

    private static final int MAX_PARALLELISM = 128;
    private static final int KEYS = 100;
    private static final int TIMERS = 50_000;
    /**
     * What a round may allocate once (a late compilation, say): well under a byte per timer, where
     * an entry per timer is 32 bytes each, 9.6 MB a round.
     */
    private static final long ONE_OFF_BYTES = 16 * 1024;

    private long fired;
    private long timeSum;

    /** Three kinds of operator, as a worker runs several: the firing call cannot be inlined into one. */
    private final class Counting implements Triggerable<VoidNamespace> {
        @Override
        public void onEventTime(TimerEntry<VoidNamespace> timer) {
            fired++;
            timeSum += timer.timestamp();
        }

        @Override
        public void onProcessingTime(TimerEntry<VoidNamespace> timer) {
            fired++;
            timeSum += timer.timestamp();
        }
    }

    private final class CountingKeys implements Triggerable<VoidNamespace> {
        @Override
        public void onEventTime(TimerEntry<VoidNamespace> timer) {
            fired++;
            timeSum += timer.keyGroup();
        }

        @Override
        public void onProcessingTime(TimerEntry<VoidNamespace> timer) {
            fired++;
            timeSum += timer.keyGroup();
        }
    }

    private final class CountingNamespaces implements Triggerable<VoidNamespace> {
        @Override
        public void onEventTime(TimerEntry<VoidNamespace> timer) {
            fired++;
            timeSum += timer.namespace() == VoidNamespace.INSTANCE ? 1 : 0;
        }

        @Override
        public void onProcessingTime(TimerEntry<VoidNamespace> timer) {
            fired++;
            timeSum += timer.namespace() == VoidNamespace.INSTANCE ? 1 : 0;
        }
    }

    /**
     * Bytes allocated by the last of several rounds of firing {@link #TIMERS} event-time and as
     * many processing-time timers, in steps as a task's turns fire them, with the timers of three
     * kinds of operator firing in turn.
     */
    private long bytesToFireTimers(StateBackend stateBackend) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<Triggerable<VoidNamespace>> operators = List.of(new Counting(), new CountingKeys(), new CountingNamespaces());
        List<KeyedStateBackend> backends = new ArrayList<>();
        try {
            List<BackendKeyContext> keys = new ArrayList<>();
            List<InternalTimerService<VoidNamespace>> services = new ArrayList<>();
            for (Triggerable<VoidNamespace> operator : operators) {
                KeyedStateBackend backend = stateBackend.createKeyedStateBackend(new KeyedBackendParameters(
                        "timers-allocation", 0, MAX_PARALLELISM, KeyGroups.rangeFor(0, MAX_PARALLELISM, 1)));
                backends.add(backend);
                BackendKeyContext k = new BackendKeyContext(backend, null, MAX_PARALLELISM);
                keys.add(k);
                services.add(new InternalTimerService<>(k, operator, backend.timerQueue("event", null),
                        backend.timerQueue("processing", null)));
            }
            OutputGate open = () -> false;
            long allocated = Long.MAX_VALUE;
            int rounds = 5; // the first rounds warm up (and compile)
            for (int round = 0; round < rounds; round++) {
                long base = (long) round * TIMERS;
                for (int s = 0; s < services.size(); s++) {
                    for (int i = 0; i < TIMERS; i++) {
                        keys.get(s).setCurrentKey((long) (i % KEYS)); // boxes of 0..99 are cached
                        services.get(s).registerEventTimeTimer(VoidNamespace.INSTANCE, base + i);
                        services.get(s).registerProcessingTimeTimer(VoidNamespace.INSTANCE, base + i);
                    }
                }
                long before = threads.getThreadAllocatedBytes(thread);
                for (long upTo = base + 999; upTo < base + TIMERS; upTo += 1_000) {
                    for (int s = 0; s < services.size(); s++) {
                        services.get(s).advanceWatermark(upTo, open);
                        services.get(s).advanceProcessingTime(upTo, open);
                    }
                }
                allocated = threads.getThreadAllocatedBytes(thread) - before;
            }
            assertThat(fired).isEqualTo((long) rounds * services.size() * 2 * TIMERS);
            for (InternalTimerService<VoidNamespace> service : services) {
                assertThat(service.numEventTimeTimers() + service.numProcessingTimeTimers()).isZero();
            }
            return allocated;
        } finally {
            for (KeyedStateBackend backend : backends) {
                backend.close();
            }
        }
    }

    @Test
    void shouldAllocateNothingPerTimerFiredOffHeap() throws Exception {
        long bytes = bytesToFireTimers(new OffHeapStateBackend(256L << 20));
        assertThat(bytes).as("bytes allocated to fire %,d timers off-heap", 3 * 2 * TIMERS)
                .isLessThan(ONE_OFF_BYTES);
    }

    @Test
    void shouldAllocateNothingPerTimerFiredOnTheHeapBackend() throws Exception {
        // the heap backend allocates when a timer is added (its objects), not when one fires
        long bytes = bytesToFireTimers(new HeapStateBackend());
        assertThat(bytes).as("bytes allocated to fire %,d timers on the heap backend", 3 * 2 * TIMERS)
                .isLessThan(ONE_OFF_BYTES);
    }
}
