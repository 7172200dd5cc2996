package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.runtime.checkpoint.ChannelStateFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Single transitions of the barrier alignment state machine, over a real gate of two channels. */
class BarrierAlignmentTest {

    private final OneToOneRing a = new OneToOneRing(16);
    private final OneToOneRing b = new OneToOneRing(16);
    private final InputGate gate = new InputGate(new OneToOneRing[]{a, b});
    private final List<String> snapshots = new ArrayList<>();
    private final List<Object> inFlight = new ArrayList<>();

    private final AlignmentSnapshots recording = new AlignmentSnapshots() {
        @Override
        public void aligned(long id, boolean savepoint, long alignmentNanos) {
            snapshots.add((savepoint ? "savepoint " : "aligned ") + id);
        }

        @Override
        public InFlight unaligned(long id, long alignmentNanos) {
            snapshots.add("unaligned " + id);
            return new InFlight() {
                @Override
                public void write(ChannelStateFile.Writer records) {
                    try {
                        for (ChannelStateFile.Record r : ChannelStateFile.read(records.toBytes(), "test",
                                getClass().getClassLoader())) {
                            inFlight.add(r.value());
                        }
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    snapshots.add("written " + id);
                }

                @Override
                public void discard() {
                    snapshots.add("discarded " + id);
                }
            };
        }
    };

    private static void send(OneToOneRing ring, byte kind, Object value, long timestamp) {
        ring.offer(kind, value, timestamp);
        ring.publish();
    }

    /** Consumes one element as the task does; returns it as text. */
    private String consume(BarrierAlignment alignment) throws Exception {
        StreamElement e = gate.poll();
        if (e == null) {
            return null;
        }
        int c = gate.currentChannel();
        alignment.beforeConsume();
        String seen = e.toString();
        if (e.kind() == StreamElement.BARRIER) {
            long id = e.timestamp();
            boolean savepoint = e.value() == StreamElement.SAVEPOINT;
            gate.release();
            alignment.onBarrier(c, id, savepoint);
        } else if (e.kind() == StreamElement.RECORD) {
            gate.release();
        } else {
            int change = gate.onElement(e);
            gate.release();
            if ((change & InputGate.CHANNEL_ENDED) != 0) {
                alignment.onEndOfInput(c);
            }
        }
        return seen;
    }

    @Test
    void shouldRefuseABarrierFromAChannelHeldBack() throws Exception {
        BarrierAlignment alignment = new BarrierAlignment(gate, recording, false, 0);
        send(a, StreamElement.BARRIER, null, 1);
        consume(alignment);
        assertThat(gate.isBlocked(0)).isTrue();
        assertThatThrownBy(() -> alignment.onBarrier(0, 1, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a second barrier 1 from channel 0").hasMessageContaining("Aligning 1");
    }

    @Test
    void shouldSwitchToUnalignedWhenThePassedInTimePassesTheTimeout() throws Exception {
        BarrierAlignment alignment = new BarrierAlignment(gate, recording, false, 1_000);
        alignment.advanceTime(5_000);
        alignment.announce(1, false, 5_000);
        send(a, StreamElement.BARRIER, null, 1);
        send(a, StreamElement.RECORD, 10L, 0); // after the barrier: not in flight
        send(b, StreamElement.RECORD, 20L, 0);
        send(b, StreamElement.RECORD, 21L, 0);
        assertThat(consume(alignment)).startsWith("BARRIER");
        assertThat(alignment.state()).hasToString("Aligning 1");
        alignment.advanceTime(5_999);
        alignment.turn();
        assertThat(snapshots).as("not before the timeout").isEmpty();
        alignment.advanceTime(6_000);
        alignment.turn();
        assertThat(snapshots).containsExactly("unaligned 1");
        assertThat(gate.isBlocked(0)).as("released").isFalse();
        send(b, StreamElement.BARRIER, null, 1);
        alignment.turn();
        assertThat(snapshots).containsExactly("unaligned 1", "written 1");
        assertThat(inFlight).containsExactly(20L, 21L);
    }

    @Test
    void shouldAlignASavepointWhileAnUnalignedCheckpointIsStillRecording() throws Exception {
        BarrierAlignment alignment = new BarrierAlignment(gate, recording, true, 0);
        alignment.announce(1, false, 0);
        send(b, StreamElement.RECORD, 20L, 0);
        send(a, StreamElement.BARRIER, null, 1);
        send(a, StreamElement.BARRIER, StreamElement.SAVEPOINT, 2);
        send(a, StreamElement.RECORD, 11L, 0);
        alignment.turn(); // finds barrier 1 ahead on a
        assertThat(snapshots).containsExactly("unaligned 1");
        while (consume(alignment) != null) {
            // 20 of b, barrier 1 (stale) and savepoint 2 of a: a is held back with record 11
        }
        assertThat(alignment.state()).hasToString("Recording 1, Aligning savepoint 2");
        assertThat(gate.isBlocked(0)).isTrue();
        send(b, StreamElement.RECORD, 21L, 0);
        send(b, StreamElement.BARRIER, null, 1);
        send(b, StreamElement.BARRIER, StreamElement.SAVEPOINT, 2);
        while (consume(alignment) != null) {
            // 21, barrier 1 of b completes the recording, savepoint 2 of b completes the alignment
        }
        assertThat(snapshots).containsExactly("unaligned 1", "written 1", "savepoint 2");
        assertThat(inFlight).containsExactly(20L, 21L);
        assertThat(alignment.state()).hasToString("Waiting");
        assertThat(gate.isBlocked(0)).isFalse();
    }

    @Test
    void shouldCompleteAnAlignmentWhenTheLastChannelWithoutTheBarrierEnds() throws Exception {
        BarrierAlignment alignment = new BarrierAlignment(gate, recording, false, 0);
        send(a, StreamElement.BARRIER, null, 1);
        send(a, StreamElement.RECORD, 10L, 0);
        send(b, StreamElement.RECORD, 20L, 0);
        send(b, StreamElement.END_OF_INPUT, null, Long.MAX_VALUE);
        List<String> seen = new ArrayList<>();
        for (String e; (e = consume(alignment)) != null; ) {
            seen.add(e);
        }
        assertThat(snapshots).containsExactly("aligned 1");
        assertThat(seen).as("a's record after the end of b").containsExactly("BARRIER(1)", "RECORD(20 @0)",
                "END_OF_INPUT(" + Long.MAX_VALUE + ")", "RECORD(10 @0)");
    }
}
