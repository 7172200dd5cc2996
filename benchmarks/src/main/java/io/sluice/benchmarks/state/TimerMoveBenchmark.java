package io.sluice.benchmarks.state;

import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A per-key timeout: every key has one event-time timer, and each element moves its key's timer
 * later (delete the old one, add one at the current time plus the timeout), as a
 * {@code KeyedProcessFunction} that resets an inactivity timer does, or a session window that grows.
 * The number of live timers stays at {@link #timers}; the deleted timer sits anywhere in the queue.
 * Keys are visited in a pseudo-random order, their key objects boxed in set-up in access order (see
 * {@link KeyedStateBenchmark} for why). Figures are moves (one delete + one add) in ns.
 * {@link #fireAndRegisterAgain} instead fires the earliest timer and sets its key's next one, in ns
 * per firing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class TimerMoveBenchmark {

    /** Moves per benchmark call. */
    static final int OPS = 1 << 10;
    /** Length of the precomputed key sequence; each call takes the next {@link #OPS} of it. */
    static final int SEQUENCE = 1 << 20;
    static final int MAX_PARALLELISM = 128;
    /** How far ahead of "now" a key's timeout is. */
    static final long TIMEOUT = 10_000_000L;

    @Param({"heap", "offheap"})
    public String backend;

    @Param({"1000", "10000", "100000", "1000000"})
    public int timers;

    private KeyedStateBackend keyed;
    private KeyedTimerQueue<VoidNamespace> queue;
    /** The key of each access, boxed in access order. */
    private Long[] sequence;
    private int[] keyIndexes;
    /** Each key's current timer. */
    private long[] timeOf;
    private long now;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        keyed = KeyedStateBenchmark.backendNamed(backend).createKeyedStateBackend(new KeyedBackendParameters(
                "timer-move-benchmark", 0, MAX_PARALLELISM, KeyGroups.rangeFor(0, MAX_PARALLELISM, 1)));
        queue = keyed.timerQueue("timeouts", null);
        long[] keyValues = new long[timers];
        timeOf = new long[timers];
        for (int i = 0; i < timers; i++) {
            keyValues[i] = (long) i * 0x9E3779B97F4A7C15L; // spread, and never a cached small Long
            Long key = keyValues[i];
            keyed.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            timeOf[i] = ++now + TIMEOUT;
            queue.add(timeOf[i], VoidNamespace.INSTANCE);
        }
        SplittableRandom random = new SplittableRandom(42);
        sequence = new Long[SEQUENCE];
        keyIndexes = new int[SEQUENCE];
        for (int i = 0; i < SEQUENCE; i++) {
            keyIndexes[i] = random.nextInt(timers);
            sequence[i] = keyValues[keyIndexes[i]];
        }
        if (queue.size() != timers) {
            throw new IllegalStateException("expected " + timers + " timers, found " + queue.size());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (queue.size() != timers) {
            throw new IllegalStateException("expected " + timers + " timers, found " + queue.size());
        }
        keyed.close();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int moveTimer() {
        KeyedStateBackend b = keyed;
        KeyedTimerQueue<VoidNamespace> q = queue;
        Long[] seq = sequence;
        int[] idx = keyIndexes;
        long[] times = timeOf;
        int from = cursor;
        int moved = 0;
        for (int i = from; i < from + OPS; i++) {
            Long key = seq[i];
            int k = idx[i];
            b.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            if (q.remove(times[k], VoidNamespace.INSTANCE)) {
                moved++;
            }
            times[k] = ++now + TIMEOUT;
            q.add(times[k], VoidNamespace.INSTANCE);
        }
        cursor = (from + OPS) & (SEQUENCE - 1);
        return moved;
    }

    /**
     * The earliest timer fires (polled, which makes its key current) and its key registers its next
     * one a random time later: a per-key timeout that fires and is set again, or a session window's
     * timer. Every poll takes the heap's top, and the heap's last element sifts down all the way.
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long fireAndRegisterAgain() {
        KeyedTimerQueue<VoidNamespace> q = queue;
        int[] idx = keyIndexes;
        int from = cursor;
        long fired = 0;
        for (int i = from; i < from + OPS; i++) {
            long time = q.peekTimestamp();
            q.poll();
            fired += time;
            q.add(time + TIMEOUT + idx[i], VoidNamespace.INSTANCE); // a spread of later times
        }
        cursor = (from + OPS) & (SEQUENCE - 1);
        return fired;
    }
}
