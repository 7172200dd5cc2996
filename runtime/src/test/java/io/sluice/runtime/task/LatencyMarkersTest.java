package io.sluice.runtime.task;

import io.sluice.runtime.channel.BackPressure;
import io.sluice.runtime.channel.ForwardPartitioner;
import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.channel.StreamElement;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyMarkersTest {

    private static List<Long> drain(OneToOneRing ring, RecordWriter writer) {
        writer.publish(); // the test thread is the producer too
        List<Long> times = new ArrayList<>();
        StreamElement e;
        while ((e = ring.peek()) != null) {
            assertThat(e.kind()).isEqualTo(StreamElement.LATENCY_MARKER);
            times.add(e.timestamp());
            ring.release();
        }
        ring.commitReleases();
        return times;
    }

    @Test
    void shouldForwardEachMarkerToOneOutputChannelInTurnAndRecordItsAge() {
        OneToOneRing a0 = new OneToOneRing(16);
        OneToOneRing a1 = new OneToOneRing(16);
        OneToOneRing b0 = new OneToOneRing(16);
        BackPressure bp = new BackPressure();
        RecordWriter a = new RecordWriter(new OneToOneRing[]{a0, a1}, (v, n) -> 0, bp);
        RecordWriter b = new RecordWriter(new OneToOneRing[]{b0}, new ForwardPartitioner(), bp);
        LatencyMarkers markers = LatencyMarkers.forInputTask(new RecordWriter[]{a, b});
        long sent = System.nanoTime() - 1_000_000;
        for (int i = 0; i < 6; i++) {
            markers.onMarker("origin", sent + i);
        }
        assertThat(drain(a0, a)).containsExactly(sent, sent + 3);
        assertThat(drain(a1, a)).containsExactly(sent + 1, sent + 4);
        assertThat(drain(b0, b)).containsExactly(sent + 2, sent + 5);
        assertThat(markers.snapshot().count()).isEqualTo(6);
        assertThat(markers.snapshot().p50Ns()).isGreaterThanOrEqualTo(1_000_000 - 20_000);
    }

    @Test
    void shouldSendOneMarkerPerIntervalFromASource() {
        OneToOneRing ring = new OneToOneRing(32); // a marker takes two slots, and the first a base change too
        RecordWriter w = new RecordWriter(new OneToOneRing[]{ring}, new ForwardPartitioner(), new BackPressure());
        LatencyMarkers markers = LatencyMarkers.forSource(10, "numbers", 0, new RecordWriter[]{w});
        int sent = 0;
        for (long nowMs = 1000; nowMs < 1100; nowMs++) {
            sent += markers.maybeEmit(nowMs);
        }
        assertThat(sent).isEqualTo(10);
        assertThat(drain(ring, w)).hasSize(10);
        assertThat(markers.snapshot()).as("a source measures nothing").isNull();
    }

    @Test
    void shouldAllocateNothingPerMarker() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        OneToOneRing out = new OneToOneRing(1024);
        RecordWriter w = new RecordWriter(new OneToOneRing[]{out}, new ForwardPartitioner(), new BackPressure());
        LatencyMarkers source = LatencyMarkers.forSource(1, "numbers", 0, new RecordWriter[]{w});
        LatencyMarkers task = LatencyMarkers.forInputTask(new RecordWriter[]{w});
        Object origin = new Object();
        long nowMs = 0;
        threads.getThreadAllocatedBytes(thread);
        long allocated = 0;
        for (int round = 0; round < 5; round++) { // the first rounds warm up (and may compile)
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                source.maybeEmit(nowMs++);
                task.onMarker(origin, System.nanoTime());
                if ((i & 255) == 0) {
                    w.publish();
                    while (out.peek() != null) {
                        out.release();
                    }
                    out.commitReleases();
                }
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertThat(allocated).as("bytes allocated for 200,000 markers sent and received").isLessThan(1024);
    }
}
