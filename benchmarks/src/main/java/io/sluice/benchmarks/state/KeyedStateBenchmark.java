package io.sluice.benchmarks.state;

import io.sluice.api.state.ListState;
import io.sluice.api.state.LongValueState;
import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.serialization.Serializers;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.StateBackend;
import io.sluice.state.heap.HeapStateBackend;
import io.sluice.state.offheap.OffHeapStateBackend;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keyed state per element, through the {@code KeyedStateBackend} API as a keyed operator uses it:
 * compute the key group, set the current key, then
 * <ul>
 *   <li>{@code valueGetUpdate}: {@code ValueState<Long>} {@code update(value() + 1)};</li>
 *   <li>{@code longValueAdd}: {@code LongValueState} {@code add(1)}, one probe;</li>
 *   <li>{@code longValueGetUpdate}: {@code LongValueState} {@code update(value(0) + 1)}, two probes;</li>
 *   <li>{@code mapGetPut}: {@code MapState<Long, Long>} {@code put(k, get(k) + 1)} for one of 4 map keys;</li>
 *   <li>{@code valueGetUpdateWhileSnapshotting}: as {@code valueGetUpdate}, with a snapshot captured
 *       before each call and released after it, as while a checkpoint is written: copy on write;</li>
 *   <li>{@code listAddWhileSnapshotting}: {@code ListState<Long>} {@code add(v)}, the list cleared
 *       on one access in 16 (so lists stay short), with a snapshot open as above;</li>
 *   <li>{@code captureAndRelease}: a snapshot of the {@code ValueState<Long>} captured and released,
 *       the task's pause at a checkpoint (one op per capture).</li>
 * </ul>
 * Keys are visited in a pseudo-random order over the key space, and every key has its entry from
 * set-up on, so this is the steady state (no inserts). With 1,000,000 keys the table no longer fits
 * in cache. The key objects of the sequence are boxed in set-up, one per access, in access order:
 * in a job the key comes with the record the task has just read, so it is in cache; picking keys
 * at random out of one array of a million boxed keys would add a cache miss per access that no
 * state backend can avoid (it did, until this was changed: 2.3 M ops/s off-heap at 1 M keys was
 * about one miss in three spent on the benchmark's own key array). Figures are state accesses
 * (one get + one update) per second; run with {@code -prof gc} for bytes per access.
 *
 * <p>Backends by name in {@link #backendNamed}: the heap backend and the off-heap one side by side.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class KeyedStateBenchmark {

    /** State accesses per benchmark call. */
    static final int OPS = 1 << 16;
    /** Length of the precomputed key sequence; each call takes the next {@link #OPS} of it. */
    static final int SEQUENCE = 1 << 21;
    /** The runtime's default number of key groups. */
    static final int MAX_PARALLELISM = 128;
    /** Map keys per key in {@code mapGetPut}. */
    static final int MAP_KEYS = 4;
    /**
     * What every entry starts at: above the {@code Long.valueOf} cache, so {@code v + 1} allocates a
     * Long from the first access on, as a real running sum does (with small start values the 1M-key
     * case would stay inside the cache for the whole run and show no allocation).
     */
    static final Long INITIAL = 1_000_000L;

    @Param({"heap", "offheap"})
    public String backend;

    @Param({"10000", "1000000"})
    public int keys;

    private KeyedStateBackend keyed;
    private ValueState<Long> value;
    private LongValueState longValue;
    private MapState<Long, Long> map;
    private ListState<Long> list;
    /** The snapshot open during a call of the {@code ...WhileSnapshotting} benchmarks. */
    private KeyedStateSnapshot openSnapshot;
    private Long[] keyObjects;
    /** The key of each access, boxed in access order (see the class comment). */
    private Long[] sequence;
    private int[] keyIndexes;
    private int cursor;
    private final Long[] mapKeys = new Long[MAP_KEYS];

    static StateBackend backendNamed(String name) {
        switch (name) {
            case "heap": return new HeapStateBackend();
            case "offheap": return new OffHeapStateBackend(4L << 30);
            default: throw new IllegalArgumentException("unknown state backend '" + name + "'");
        }
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        keyed = backendNamed(backend).createKeyedStateBackend(new KeyedBackendParameters("keyed-state-benchmark",
                0, MAX_PARALLELISM, KeyGroups.rangeFor(0, MAX_PARALLELISM, 1)));
        keyObjects = new Long[keys];
        for (int i = 0; i < keys; i++) {
            keyObjects[i] = (long) i * 0x9E3779B97F4A7C15L; // spread, and never a cached small Long
        }
        for (int i = 0; i < MAP_KEYS; i++) {
            mapKeys[i] = 1_000L + i;
        }
        SplittableRandom random = new SplittableRandom(42);
        sequence = new Long[SEQUENCE];
        keyIndexes = new int[SEQUENCE];
        for (int i = 0; i < SEQUENCE; i++) {
            keyIndexes[i] = random.nextInt(keys);
            sequence[i] = Long.valueOf(keyObjects[keyIndexes[i]]); // a distinct, equal key object, allocated in order
        }
        // Only the state the benchmark uses, with an entry for every key. The namespace serializer is
        // null, as the runtime passes it for state scoped to a key only (VoidNamespace).
        boolean useMap = params.getBenchmark().endsWith("mapGetPut");
        boolean useList = params.getBenchmark().endsWith("listAddWhileSnapshotting");
        boolean useLong = params.getBenchmark().contains(".longValue");
        if (useLong) {
            longValue = keyed.getOrCreateState(new LongValueStateDescriptor("value"), null);
        } else if (useList) {
            list = keyed.getOrCreateState(new ListStateDescriptor<>("list", Serializers.LONG), null);
        } else if (useMap) {
            map = keyed.getOrCreateState(new MapStateDescriptor<>("map", Serializers.LONG, Serializers.LONG), null);
        } else {
            value = keyed.getOrCreateState(new ValueStateDescriptor<>("value", Serializers.LONG), null);
        }
        for (Long key : keyObjects) {
            keyed.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            if (useLong) {
                longValue.update(INITIAL);
            } else if (useList) {
                list.add(INITIAL);
            } else if (useMap) {
                for (Long k : mapKeys) {
                    map.put(k, INITIAL);
                }
            } else {
                value.update(INITIAL);
            }
        }
        if (keyed.numEntries() != keys) {
            throw new IllegalStateException("expected " + keys + " entries, found " + keyed.numEntries());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keyed.close();
    }

    /** A snapshot open during each call of the {@code ...WhileSnapshotting} benchmarks (outside the timing). */
    @Setup(Level.Invocation)
    public void openSnapshot(BenchmarkParams params) {
        if (params.getBenchmark().endsWith("WhileSnapshotting")) {
            openSnapshot = keyed.snapshot();
        }
    }

    @TearDown(Level.Invocation)
    public void releaseSnapshot() {
        if (openSnapshot != null) {
            openSnapshot.release();
            openSnapshot = null;
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long valueGetUpdate() {
        KeyedStateBackend b = keyed;
        ValueState<Long> state = value;
        Long[] seq = sequence;
        int from = cursor;
        long sum = 0;
        for (int i = from; i < from + OPS; i++) {
            Long key = seq[i];
            b.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            long v = state.value() + 1;
            state.update(v);
            sum += v;
        }
        cursor = (from + OPS) & (SEQUENCE - 1);
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long longValueAdd() {
        KeyedStateBackend b = keyed;
        LongValueState state = longValue;
        Long[] seq = sequence;
        int from = cursor;
        long sum = 0;
        for (int i = from; i < from + OPS; i++) {
            Long key = seq[i];
            b.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            sum += state.add(1);
        }
        cursor = (from + OPS) & (SEQUENCE - 1);
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long longValueGetUpdate() {
        KeyedStateBackend b = keyed;
        LongValueState state = longValue;
        Long[] seq = sequence;
        int from = cursor;
        long sum = 0;
        for (int i = from; i < from + OPS; i++) {
            Long key = seq[i];
            b.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            long v = state.value(0) + 1;
            state.update(v);
            sum += v;
        }
        cursor = (from + OPS) & (SEQUENCE - 1);
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long mapGetPut() {
        KeyedStateBackend b = keyed;
        MapState<Long, Long> state = map;
        Long[] mks = mapKeys;
        Long[] seq = sequence;
        int[] idx = keyIndexes;
        int from = cursor;
        long sum = 0;
        for (int i = from; i < from + OPS; i++) {
            int k = idx[i];
            Long key = seq[i];
            b.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            Long mapKey = mks[(i ^ k) & (MAP_KEYS - 1)];
            long v = state.get(mapKey) + 1;
            state.put(mapKey, v);
            sum += v;
        }
        cursor = (from + OPS) & (SEQUENCE - 1);
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long valueGetUpdateWhileSnapshotting() {
        return valueGetUpdate();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long listAddWhileSnapshotting() {
        KeyedStateBackend b = keyed;
        ListState<Long> state = list;
        Long[] seq = sequence;
        int from = cursor;
        long sum = 0;
        for (int i = from; i < from + OPS; i++) {
            Long key = seq[i];
            b.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX_PARALLELISM));
            if ((i & 15) == 0) {
                state.clear();
            }
            state.add(INITIAL);
            sum += i;
        }
        cursor = (from + OPS) & (SEQUENCE - 1);
        return sum;
    }

    /**
     * The synchronous part of a checkpoint on the task's thread: capturing a snapshot of all key
     * groups (and releasing it unwritten, which is cheap when nothing changed meanwhile), with the
     * {@code ValueState<Long>} of every key in place. One op per capture; its inverse is the pause.
     */
    @Benchmark
    @OperationsPerInvocation(1)
    public void captureAndRelease() {
        keyed.snapshot().release();
    }
}
