package io.sluice.runtime.channel;

import io.sluice.runtime.testing.Conditions;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordWriterTest {

    private static List<Object> drainRing(OneToOneRing ring) {
        ring.publish(); // the test thread is the producer too
        List<Object> out = new ArrayList<>();
        StreamElement e;
        while ((e = ring.peek()) != null) {
            out.add(e.kind() == StreamElement.RECORD ? e.value() : StreamElement.kindName(e.kind()) + "@" + e.timestamp());
            ring.release();
        }
        ring.commitReleases();
        return out;
    }

    @Test
    void shouldOverflowWhenFullAndKeepOrderWhenDrained() throws Exception {
        OneToOneRing ring = new OneToOneRing(4);
        BackPressure bp = new BackPressure();
        RecordWriter writer = new RecordWriter(new OneToOneRing[]{ring}, new ForwardPartitioner(), bp);
        for (int i = 0; i < 5; i++) {
            writer.emitRecord(i, i);
        }
        writer.broadcast(StreamElement.WATERMARK, 10);
        assertThat(bp.isBlocked()).isTrue();
        assertThat(writer.pending()).isEqualTo(6);

        List<Object> seen = new ArrayList<>(drainRing(ring));
        while (bp.isBlocked()) {
            writer.drain();
            seen.addAll(drainRing(ring));
        }
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, "WATERMARK@10");
        assertThat(writer.pending()).isZero();
    }

    @Test
    void shouldRouteByKeyGroupAndBroadcastWatermarksToEveryChannel() throws Exception {
        OneToOneRing[] rings = {new OneToOneRing(64), new OneToOneRing(64), new OneToOneRing(64)};
        BackPressure bp = new BackPressure();
        RecordWriter writer = new RecordWriter(rings,
                new KeyGroupPartitioner((Integer x) -> x % 10, 128), bp);
        for (int i = 0; i < 30; i++) {
            writer.emitRecord(i, 0);
        }
        writer.broadcast(StreamElement.WATERMARK, 5);
        List<List<Object>> perChannel = new ArrayList<>();
        for (OneToOneRing r : rings) {
            perChannel.add(drainRing(r));
        }
        for (List<Object> channel : perChannel) {
            assertThat(channel.get(channel.size() - 1)).isEqualTo("WATERMARK@5");
        }
        // one key always lands on one channel
        for (int key = 0; key < 10; key++) {
            int k = key;
            long channelsWithKey = perChannel.stream()
                    .filter(c -> c.stream().anyMatch(v -> v instanceof Integer i && i % 10 == k)).count();
            assertThat(channelsWithKey).as("key " + key).isEqualTo(1);
        }
        assertThat(perChannel.stream().mapToLong(c -> c.size() - 1).sum()).isEqualTo(30);
    }

    @Test
    void shouldRoundRobinWithRebalance() throws Exception {
        OneToOneRing[] rings = {new OneToOneRing(8), new OneToOneRing(8)};
        RecordWriter writer = new RecordWriter(rings, new RebalancePartitioner(1), new BackPressure());
        for (int i = 0; i < 4; i++) {
            writer.emitRecord(i, 0);
        }
        assertThat(drainRing(rings[1])).containsExactly(0, 2);
        assertThat(drainRing(rings[0])).containsExactly(1, 3);
    }

    @Test
    void shouldQueueALatencyMarkerBehindEarlierElementsOfAFullRingInsteadOfDroppingIt() throws Exception {
        OneToOneRing ring = new OneToOneRing(4);
        OneToOneRing other = new OneToOneRing(4);
        BackPressure bp = new BackPressure();
        RecordWriter writer = new RecordWriter(new OneToOneRing[]{ring, other}, (value, n) -> 0, bp);
        writer.emitRecord(1, 0);
        writer.emitRecord(2, 0);
        writer.emitRecord(3, 0);
        writer.emitRecord(4, 0); // the ring is full: overflow
        writer.emitLatencyMarker(0, "origin", 77);
        writer.emitRecord(5, 0);
        assertThat(bp.isBlocked()).isTrue();
        assertThat(drainRing(other)).as("a marker goes to the one channel asked for").isEmpty();

        List<Object> seen = new ArrayList<>(drainRing(ring));
        while (bp.isBlocked()) {
            writer.drain();
            seen.addAll(drainRing(ring));
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, "LATENCY_MARKER@77", 5);
    }

    /**
     * The overflow counts what it holds for metrics, grows to what one burst needs, and gives the
     * memory back only once it has stayed empty for {@link OverflowBuffer#IDLE_TURNS_BEFORE_SHRINK}
     * turns: a burst that comes back before then finds its arrays still there.
     */
    @Test
    void shouldCountTheOverflowAndShrinkItOnlyAfterItStayedEmptyForSomeTurns() throws Exception {
        OneToOneRing ring = new OneToOneRing(4);
        BackPressure bp = new BackPressure();
        RecordWriter writer = new RecordWriter(new OneToOneRing[]{ring}, new ForwardPartitioner(), bp);
        int initial = OverflowBuffer.INITIAL_CAPACITY;
        assertThat(writer.overflowCapacity(0)).isEqualTo(initial);

        List<Object> seen = new ArrayList<>();
        for (int burst = 0; burst < 2; burst++) {
            for (int i = 0; i < 100; i++) {
                writer.emitRecord(burst * 100 + i, 0);
            }
            assertThat(writer.overflowSize()).as("all but what the ring of 4 took").isEqualTo(96);
            assertThat(writer.pending()).isEqualTo(100);
            assertThat(writer.overflowCapacity(0)).isEqualTo(128);
            while (bp.isBlocked()) {
                seen.addAll(drainRing(ring));
                int before = (int) writer.overflowSize();
                int moved = writer.drain();
                assertThat(writer.overflowSize()).isEqualTo(before - moved);
            }
            seen.addAll(drainRing(ring));
            assertThat(writer.overflowSize()).isZero();
            // empty but still large: a few idle turns, not enough to shrink
            for (int turn = 1; turn < OverflowBuffer.IDLE_TURNS_BEFORE_SHRINK - 2; turn++) {
                assertThat(writer.drain()).isZero();
            }
            assertThat(writer.overflowCapacity(0)).as("burst %d, before the idle turns are up", burst).isEqualTo(128);
        }
        for (int turn = 0; turn < 3; turn++) {
            writer.drain();
        }
        assertThat(writer.overflowCapacity(0)).as("empty for %d turns", OverflowBuffer.IDLE_TURNS_BEFORE_SHRINK)
                .isEqualTo(initial);

        // and still works, in order, after shrinking
        for (int i = 200; i < 240; i++) {
            writer.emitRecord(i, 0);
        }
        while (bp.isBlocked()) {
            seen.addAll(drainRing(ring));
            writer.drain();
        }
        seen.addAll(drainRing(ring));
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            expected.add(i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(writer.pending()).isZero();
    }

    /** The overflow grows while its oldest elements sit in the middle of its arrays: order is kept. */
    @Test
    void shouldKeepOrderWhenTheOverflowGrowsAfterPartlyDraining() throws Exception {
        OneToOneRing ring = new OneToOneRing(4);
        BackPressure bp = new BackPressure();
        RecordWriter writer = new RecordWriter(new OneToOneRing[]{ring}, new ForwardPartitioner(), bp);
        for (int i = 0; i < 12; i++) {
            writer.emitRecord(i, 0);
        }
        List<Object> seen = new ArrayList<>(drainRing(ring));
        writer.drain(); // the overflow's oldest element is now its third slot
        for (int i = 12; i < 40; i++) { // and it grows around the end of its arrays
            writer.emitRecord(i, 0);
        }
        assertThat(writer.overflowCapacity(0)).isGreaterThan(OverflowBuffer.INITIAL_CAPACITY);
        while (bp.isBlocked()) {
            seen.addAll(drainRing(ring));
            writer.drain();
        }
        seen.addAll(drainRing(ring));
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add(i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    /** Once moved into the ring (and consumed from it), an element's value is no longer held by the overflow. */
    @Test
    void shouldLetGoOfValuesThatLeftTheOverflow() throws Exception {
        OneToOneRing ring = new OneToOneRing(4);
        BackPressure bp = new BackPressure();
        RecordWriter writer = new RecordWriter(new OneToOneRing[]{ring}, new ForwardPartitioner(), bp);
        List<WeakReference<Object>> refs = emitFreshValues(writer, 50);
        while (bp.isBlocked()) {
            drainRing(ring);
            writer.drain();
        }
        drainRing(ring);
        Conditions.await("every value that passed is garbage", Duration.ofSeconds(10), () -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
    }

    private static List<WeakReference<Object>> emitFreshValues(RecordWriter writer, int n) throws Exception {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object value = new byte[64];
            refs.add(new WeakReference<>(value));
            writer.emitRecord(value, i);
        }
        return refs;
    }
}
