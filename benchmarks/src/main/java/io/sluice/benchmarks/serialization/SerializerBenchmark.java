package io.sluice.benchmarks.serialization;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.offheap.OffHeapDataInput;
import io.sluice.state.offheap.OffHeapDataOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One serialize + deserialize round trip with the built-in serializers of {@code Serializers}, into
 * the off-heap state backend's reused native buffers (so the figure is the serializer's, not a
 * stream's). Serializers are what keyed state off the heap, snapshots and connectors pay per value.
 * Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the garbage per round trip, which for a reused buffer is what the
 * serializer itself allocates on either side (the deserialized value included).
 *
 * <p>Types: {@code long} (a boxed Long), {@code string} (20 ASCII chars), {@code unicode} (20 chars,
 * Latin-1 and CJK mixed), {@code record} (a record of (long, long, String)), {@code primitives} (a
 * record of (long, long, int, double, boolean)), {@code pojo} (a plain class of (long, int, double,
 * String) fields), {@code list} (a List&lt;Long&gt; of 10) and {@code map} (a Map&lt;String, Long&gt; of
 * 10).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class SerializerBenchmark {

    /** A small event: two longs and a short string. */
    public record Trade(long id, long timestamp, String symbol) {
    }

    /** A tick: primitives only, so its round trip need allocate nothing but the record. */
    public record Tick(long id, long timestamp, int venue, double price, boolean buy) {
    }

    /** A plain class, written field by field. */
    public static final class Quote {
        long id;
        int size;
        double price;
        String venue;

        @Override
        public boolean equals(Object o) {
            return o instanceof Quote q && q.id == id && q.size == size && q.price == price
                    && java.util.Objects.equals(q.venue, venue);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id);
        }
    }

    @Param({"long", "string", "unicode", "record", "primitives", "pojo", "list", "map"})
    public String type;

    private TypeSerializer<Object> serializer;
    private Object value;
    // the off-heap state backend's own reusable buffers: what a state access pays to serialize
    private final OffHeapDataOutput out = new OffHeapDataOutput(1024);
    private final OffHeapDataInput in = new OffHeapDataInput();

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws IOException {
        switch (type) {
            case "long":
                use(Serializers.LONG, 1_234_567_890_123L);
                break;
            case "string":
                use(Serializers.STRING, "sensor-0042/temp-avg");
                break;
            case "unicode":
                use(Serializers.STRING, "Zürich-Straße/温度-平均値");
                break;
            case "record":
                use(Serializers.of(Trade.class), new Trade(1_234_567L, 1_700_000_000_000L, "ACME.L/trade-01"));
                break;
            case "primitives":
                use(Serializers.of(Tick.class), new Tick(1_234_567L, 1_700_000_000_000L, 42_000, 101.25, true));
                break;
            case "pojo": {
                Quote q = new Quote();
                q.id = 1_234_567L;
                q.size = 42_000;
                q.price = 101.25;
                q.venue = "XLON";
                use(Serializers.of(Quote.class), q);
                break;
            }
            case "list": {
                List<Long> list = new ArrayList<>();
                for (long i = 0; i < 10; i++) {
                    list.add(1_000 + i * 7_919);
                }
                use(Serializers.listOf(Serializers.LONG), list);
                break;
            }
            case "map": {
                Map<String, Long> map = new HashMap<>();
                for (long i = 0; i < 10; i++) {
                    map.put("key-" + i, 1_000 + i * 7_919);
                }
                use(Serializers.mapOf(Serializers.STRING, Serializers.LONG), map);
                break;
            }
            default:
                throw new IllegalArgumentException("unknown type " + type);
        }
        Object copy = roundTrip();
        if (!value.equals(copy) || in.remaining() != 0) {
            throw new IllegalStateException(type + " did not survive the round trip: " + value + " -> " + copy);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> void use(TypeSerializer<T> s, T v) {
        serializer = (TypeSerializer<Object>) s;
        value = v;
    }

    @Benchmark
    public Object roundTrip() throws IOException {
        OffHeapDataOutput o = out;
        o.reset();
        serializer.serialize(value, o);
        return serializer.deserialize(in.wrap(o.address(), o.position()));
    }
}
