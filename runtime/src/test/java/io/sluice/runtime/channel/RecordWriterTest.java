package io.sluice.runtime.channel;

import org.junit.jupiter.api.Test;

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
        OneToOneRing ring = new OneToOneRing(2);
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
        OneToOneRing ring = new OneToOneRing(2);
        OneToOneRing other = new OneToOneRing(2);
        BackPressure bp = new BackPressure();
        RecordWriter writer = new RecordWriter(new OneToOneRing[]{ring, other}, (value, n) -> 0, bp);
        writer.emitRecord(1, 0);
        writer.emitRecord(2, 0);
        writer.emitRecord(3, 0); // the ring is full: overflow
        writer.emitLatencyMarker(0, "origin", 77);
        writer.emitRecord(4, 0);
        assertThat(bp.isBlocked()).isTrue();
        assertThat(drainRing(other)).as("a marker goes to the one channel asked for").isEmpty();

        List<Object> seen = new ArrayList<>(drainRing(ring));
        while (bp.isBlocked()) {
            writer.drain();
            seen.addAll(drainRing(ring));
        }
        assertThat(seen).containsExactly(1, 2, 3, "LATENCY_MARKER@77", 4);
    }
}
