package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.runtime.checkpoint.ChannelStateFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate of a two-input task: channels a1, a2 feed input 1 and b feeds input 2. Event time,
 * idleness, end of input and barrier alignment are over the channels of both inputs.
 */
class TwoInputGateTest {

    private final OneToOneRing a1 = new OneToOneRing(16);
    private final OneToOneRing a2 = new OneToOneRing(16);
    private final OneToOneRing b = new OneToOneRing(16);
    private final InputGate gate = new InputGate(new OneToOneRing[]{a1, a2, b}, new int[]{0, 0, 1});

    private StreamElement poll() {
        a1.publish(); // the test thread is the producer too
        a2.publish();
        b.publish();
        return gate.poll();
    }

    /** Polls one non-record element and applies it; returns the change. */
    private int next() {
        StreamElement e = poll();
        assertThat(e).isNotNull();
        assertThat(e.kind()).isNotEqualTo(StreamElement.RECORD);
        int change = gate.onElement(e);
        gate.release();
        gate.commitReleases();
        return change;
    }

    @Test
    void shouldSayWhichInputEachRecordGoesTo() {
        a1.offer(StreamElement.RECORD, "x", 1);
        b.offer(StreamElement.RECORD, "y", 2);
        a2.offer(StreamElement.RECORD, "z", 3);
        int[] seen = new int[2];
        for (int i = 0; i < 3; i++) {
            StreamElement e = poll();
            seen[gate.currentInput()]++;
            assertThat(gate.currentInput()).isEqualTo(e.value().equals("y") ? 1 : 0);
            gate.release();
        }
        assertThat(seen).containsExactly(2, 1);
    }

    @Test
    void shouldTakeTheMinimumOverTheChannelsOfBothInputs() {
        a1.offer(StreamElement.WATERMARK, null, 10);
        a2.offer(StreamElement.WATERMARK, null, 12);
        next();
        next();
        assertThat(gate.watermark()).as("input 2 has no watermark yet").isEqualTo(Long.MIN_VALUE);
        b.offer(StreamElement.WATERMARK, null, 5);
        assertThat(next()).isEqualTo(InputGate.WATERMARK_ADVANCED);
        assertThat(gate.watermark()).isEqualTo(5);
        b.offer(StreamElement.WATERMARK, null, 30);
        assertThat(next()).isEqualTo(InputGate.WATERMARK_ADVANCED);
        assertThat(gate.watermark()).as("now input 1 holds it back").isEqualTo(10);
    }

    @Test
    void shouldLetTheOtherInputDriveEventTimeWhileOneIsIdle() {
        a1.offer(StreamElement.WATERMARK, null, 3);
        next();
        b.offer(StreamElement.IDLE, null, 0);
        next();
        a2.offer(StreamElement.WATERMARK, null, 40);
        assertThat(next()).isEqualTo(InputGate.WATERMARK_ADVANCED);
        assertThat(gate.watermark()).isEqualTo(3);
        a1.offer(StreamElement.WATERMARK, null, 50);
        next();
        assertThat(gate.watermark()).as("input 2 is idle: input 1 alone").isEqualTo(40);
    }

    @Test
    void shouldKeepGoingWhenOneInputEndsAndEndWhenBothHave() {
        b.offer(StreamElement.WATERMARK, null, 1);
        next();
        b.offer(StreamElement.END_OF_INPUT, null, Long.MAX_VALUE);
        assertThat(next() & InputGate.ALL_ENDED).isZero();
        a1.offer(StreamElement.WATERMARK, null, 100);
        a2.offer(StreamElement.WATERMARK, null, 200);
        next();
        next();
        assertThat(gate.watermark()).as("input 2 ended: input 1 alone").isEqualTo(100);
        a1.offer(StreamElement.END_OF_INPUT, null, Long.MAX_VALUE);
        assertThat(next() & InputGate.ALL_ENDED).isZero();
        a2.offer(StreamElement.END_OF_INPUT, null, Long.MAX_VALUE);
        assertThat(next() & InputGate.ALL_ENDED).isNotZero();
    }

    @Test
    void shouldHoldChannelsOfBothInputsUntilTheBarrierCameOnEveryChannel() throws Exception {
        java.util.List<Long> snapshots = new java.util.ArrayList<>();
        BarrierAlignment alignment = new BarrierAlignment(gate, new AlignmentSnapshots() {
            @Override
            public void aligned(long id, boolean savepoint, long alignmentNanos) {
                snapshots.add(id);
            }

            @Override
            public InFlight unaligned(long id, long alignmentNanos) {
                throw new AssertionError("aligned only");
            }
        }, false, 0);
        a1.offer(StreamElement.BARRIER, null, 7);
        assertThat(poll().kind()).isEqualTo(StreamElement.BARRIER);
        barrier(alignment);
        a1.offer(StreamElement.RECORD, "held", 1);
        b.offer(StreamElement.BARRIER, null, 7);
        assertThat(poll().kind()).as("a1 is held").isEqualTo(StreamElement.BARRIER);
        assertThat(gate.currentInput()).isEqualTo(1);
        barrier(alignment);
        b.offer(StreamElement.RECORD, "held too", 2);
        assertThat(poll()).as("a1 and b are held, a2 is empty").isNull();
        assertThat(snapshots).isEmpty();
        a2.offer(StreamElement.BARRIER, null, 7);
        assertThat(poll().kind()).isEqualTo(StreamElement.BARRIER);
        barrier(alignment);
        assertThat(snapshots).as("aligned across both inputs").containsExactly(7L);
        assertThat(poll()).as("released after alignment").isNotNull();
        gate.release();
    }

    private void barrier(BarrierAlignment alignment) throws Exception {
        int channel = gate.currentChannel();
        long id = gate.channels()[channel].peek().timestamp();
        gate.release();
        alignment.onBarrier(channel, id, false);
    }

    @Test
    void shouldStoreTheInputOfEachInFlightRecord(@TempDir Path dir) throws Exception {
        ChannelStateFile.Writer w = new ChannelStateFile.Writer();
        w.add("one", 1, 0);
        w.add(2L, 2, 1);
        w.add("three", 3, 1);
        Path f = dir.resolve("x.inflight");
        Files.write(f, w.toBytes());
        List<ChannelStateFile.Record> records = ChannelStateFile.read(f, getClass().getClassLoader());
        assertThat(records).containsExactly(new ChannelStateFile.Record("one", 1, 0),
                new ChannelStateFile.Record(2L, 2, 1), new ChannelStateFile.Record("three", 3, 1));
    }
}
