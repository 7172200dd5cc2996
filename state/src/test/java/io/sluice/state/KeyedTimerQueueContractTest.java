package io.sluice.state;

import io.sluice.api.serialization.Serializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every backend's {@link KeyedTimerQueue} must do, run against each of them (heap and off-heap
 * subclasses): random adds, removes, moves and polls over many keys, checked after every step
 * against a sorted set of (time, key, namespace), then through a snapshot and a restore.
 */
public abstract class KeyedTimerQueueContractTest {

    private static final int MAX_PARALLELISM = 128;
    private static final KeyGroupRange RANGE = new KeyGroupRange(0, MAX_PARALLELISM - 1);
    private static final List<String> WINDOWS = List.of("w0", "w1", "w2");

    private final List<KeyedStateBackend> backends = new ArrayList<>();

    /** The backend under test, for the given place in a job. */
    protected abstract KeyedStateBackend createBackend(KeyedBackendParameters parameters);

    private KeyedStateBackend newBackend() {
        KeyedStateBackend b = createBackend(new KeyedBackendParameters("timers", 0, MAX_PARALLELISM, RANGE));
        backends.add(b);
        return b;
    }

    @AfterEach
    void closeBackends() {
        backends.forEach(KeyedStateBackend::close);
    }

    /** A timer as the model holds it; the model orders by time, then key, then namespace. */
    private record ModelTimer(long time, String key, String window) {
    }

    private static final Comparator<ModelTimer> ORDER = Comparator.comparingLong(ModelTimer::time)
            .thenComparing(ModelTimer::key).thenComparing(ModelTimer::window);

    static IntStream seeds() {
        return IntStream.range(0, 12);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void addRemoveMoveAndPollBehaveLikeASortedSet(int seed, @TempDir Path dir) throws Exception {
        Random random = new Random(seed);
        KeyedStateBackend backend = newBackend();
        KeyedTimerQueue<String> queue = backend.timerQueue("t", Serializers.STRING);
        TreeSet<ModelTimer> model = new TreeSet<>(ORDER);
        int keys = 1 + random.nextInt(300);
        int times = 1 + random.nextInt(200); // few distinct times for some seeds: duplicates and ties
        for (int step = 0; step < 4_000; step++) {
            String key = "k" + random.nextInt(keys);
            String window = WINDOWS.get(random.nextInt(WINDOWS.size()));
            long time = random.nextInt(times);
            int op = random.nextInt(20);
            if (op < 8) {
                use(backend, key);
                assertThat(queue.add(time, window)).as("add at step %d", step)
                        .isEqualTo(model.add(new ModelTimer(time, key, window)));
            } else if (op < 11 && !model.isEmpty()) {
                // remove a timer that exists, anywhere in the queue
                ModelTimer t = pick(model, random);
                use(backend, new String(t.key())); // an equal key, not the same object
                assertThat(queue.remove(t.time(), t.window())).as("remove %s at step %d", t, step).isTrue();
                model.remove(t);
            } else if (op < 13) {
                use(backend, key);
                assertThat(queue.remove(time, window)).as("remove at step %d", step)
                        .isEqualTo(model.remove(new ModelTimer(time, key, window)));
            } else if (op < 16 && !model.isEmpty()) {
                // move a timer later, as a per-key timeout does
                ModelTimer t = pick(model, random);
                use(backend, t.key());
                long later = t.time() + 1 + random.nextInt(times);
                assertThat(queue.remove(t.time(), t.window())).isTrue();
                model.remove(t);
                assertThat(queue.add(later, t.window())).isEqualTo(model.add(new ModelTimer(later, t.key(), t.window())));
            } else if (!model.isEmpty()) {
                pollAndCheck(backend, queue, model, step);
            }
            assertThat(queue.size()).as("size at step %d", step).isEqualTo(model.size());
            assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
        }

        // the same timers, and the same order, after a snapshot and a restore
        Path file = dir.resolve("timers.snapshot");
        KeyedStateSnapshot snapshot = backend.snapshot();
        try {
            snapshot.writeTo(file);
        } finally {
            snapshot.release();
        }
        KeyedStateBackend restored = newBackend();
        restored.restore(List.of(file));
        KeyedTimerQueue<String> restoredQueue = restored.timerQueue("t", Serializers.STRING);
        assertThat(restoredQueue.size()).isEqualTo(model.size());
        TreeSet<ModelTimer> restoredModel = new TreeSet<>(model);
        for (int i = 0; !model.isEmpty(); i++) {
            pollAndCheck(backend, queue, model, i);
            pollAndCheck(restored, restoredQueue, restoredModel, i);
        }
        assertThat(queue.isEmpty()).isTrue();
        assertThat(restoredQueue.isEmpty()).isTrue();
        assertThat(restoredModel).isEmpty();
    }

    @Test
    void aTimerIsOnePerKeyNamespaceAndTime() {
        KeyedStateBackend backend = newBackend();
        KeyedTimerQueue<String> queue = backend.timerQueue("t", Serializers.STRING);
        use(backend, "a");
        assertThat(queue.add(10, "w0")).isTrue();
        assertThat(queue.add(10, "w0")).isFalse();
        assertThat(queue.add(10, "w1")).isTrue();
        assertThat(queue.add(11, "w0")).isTrue();
        use(backend, new String("a"));
        assertThat(queue.add(10, "w0")).as("an equal key is the same key").isFalse();
        use(backend, "b");
        assertThat(queue.add(10, "w0")).isTrue();
        assertThat(queue.remove(11, "w0")).as("b has no timer at 11").isFalse();
        assertThat(queue.size()).isEqualTo(4);
        use(backend, "a");
        assertThat(queue.remove(10, "w0")).isTrue();
        assertThat(queue.remove(10, "w0")).isFalse();
        assertThat(queue.add(10, "w0")).as("added again after its removal").isTrue();
        assertThat(queue.size()).isEqualTo(4);
    }

    @Test
    void removingEveryTimerInAnyOrderLeavesTheRestInOrder() {
        KeyedStateBackend backend = newBackend();
        KeyedTimerQueue<String> queue = backend.timerQueue("t", Serializers.STRING);
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            use(backend, "k" + i);
            assertThat(queue.add((i * 7919L) % n, "w0")).isTrue();
        }
        // remove every third timer, from the newest to the oldest, then poll the rest
        for (int i = n - 1; i >= 0; i -= 3) {
            use(backend, "k" + i);
            assertThat(queue.remove((i * 7919L) % n, "w0")).isTrue();
        }
        long last = Long.MIN_VALUE;
        int polled = 0;
        while (!queue.isEmpty()) {
            long time = queue.peekTimestamp();
            assertThat(time).isGreaterThanOrEqualTo(last);
            queue.poll();
            int k = Integer.parseInt(((String) backend.currentKey()).substring(1));
            assertThat((k * 7919L) % n).isEqualTo(time);
            assertThat((n - 1 - k) % 3).as("k%d was removed", k).isNotZero();
            last = time;
            polled++;
        }
        assertThat(polled).isEqualTo(n - (n + 2) / 3);
    }

    private static void pollAndCheck(KeyedStateBackend backend, KeyedTimerQueue<String> queue,
            TreeSet<ModelTimer> model, int step) {
        long earliest = model.first().time();
        assertThat(queue.peekTimestamp()).as("earliest at step %d", step).isEqualTo(earliest);
        use(backend, "another key"); // polling sets the timer's key, whatever was current
        String window = queue.poll();
        String key = (String) backend.currentKey();
        ModelTimer t = new ModelTimer(earliest, key, window);
        assertThat(model.remove(t)).as("polled %s at step %d", t, step).isTrue();
        assertThat(backend.currentKeyGroup()).isEqualTo(KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
    }

    private static ModelTimer pick(TreeSet<ModelTimer> model, Random random) {
        int skip = random.nextInt(model.size());
        for (ModelTimer t : model) {
            if (skip-- == 0) {
                return t;
            }
        }
        throw new AssertionError();
    }

    private static void use(KeyedStateBackend backend, String key) {
        backend.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
    }
}
