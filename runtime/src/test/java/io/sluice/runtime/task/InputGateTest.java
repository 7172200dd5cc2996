package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class InputGateTest {

    private final OneToOneRing a = new OneToOneRing(16);
    private final OneToOneRing b = new OneToOneRing(16);
    private final InputGate gate = new InputGate(new OneToOneRing[]{a, b});

    /** Polls one element and applies it; returns the change. */
    private int next() {
        a.publish(); // the test thread is the producer too
        b.publish();
        StreamElement e = gate.poll();
        assertThat(e).isNotNull();
        if (e.kind() == StreamElement.RECORD) {
            gate.release();
            return -1;
        }
        int change = gate.onElement(e);
        gate.release();
        gate.commitReleases();
        return change;
    }

    @Test
    void shouldAdvanceToTheMinimumOverChannels() {
        a.offer(StreamElement.WATERMARK, null, 10);
        assertThat(next()).isEqualTo(InputGate.NONE);
        assertThat(gate.watermark()).isEqualTo(Long.MIN_VALUE);
        b.offer(StreamElement.WATERMARK, null, 5);
        assertThat(next()).isEqualTo(InputGate.WATERMARK_ADVANCED);
        assertThat(gate.watermark()).isEqualTo(5);
        b.offer(StreamElement.WATERMARK, null, 20);
        assertThat(next()).isEqualTo(InputGate.WATERMARK_ADVANCED);
        assertThat(gate.watermark()).isEqualTo(10);
    }

    @Test
    void shouldLeaveIdleChannelsOutAndNeverGoBack() {
        a.offer(StreamElement.WATERMARK, null, 100);
        next();
        b.offer(StreamElement.WATERMARK, null, 3);
        next();
        assertThat(gate.watermark()).isEqualTo(3);
        b.offer(StreamElement.IDLE, null, 0);
        assertThat(next()).isEqualTo(InputGate.WATERMARK_ADVANCED);
        assertThat(gate.watermark()).isEqualTo(100);
        b.offer(StreamElement.ACTIVE, null, 0);
        next();
        // b is active again with an old watermark: the gate's watermark does not go back
        assertThat(gate.watermark()).isEqualTo(100);
        b.offer(StreamElement.WATERMARK, null, 50);
        assertThat(next()).isEqualTo(InputGate.NONE);
        assertThat(gate.watermark()).isEqualTo(100);
    }

    @Test
    void shouldReportIdleOnlyWhenEveryChannelIsIdle() {
        a.offer(StreamElement.IDLE, null, 0);
        assertThat(next()).isEqualTo(InputGate.NONE);
        b.offer(StreamElement.IDLE, null, 0);
        assertThat(next()).isEqualTo(InputGate.BECAME_IDLE);
        a.offer(StreamElement.ACTIVE, null, 0);
        assertThat(next()).isEqualTo(InputGate.BECAME_ACTIVE);
    }

    @Test
    void shouldEndWhenEveryChannelEnded() {
        a.offer(StreamElement.WATERMARK, null, 7);
        next();
        a.offer(StreamElement.END_OF_INPUT, null, Long.MAX_VALUE);
        assertThat(next()).isEqualTo(InputGate.CHANNEL_ENDED);
        b.offer(StreamElement.WATERMARK, null, 9);
        assertThat(next()).isEqualTo(InputGate.WATERMARK_ADVANCED);
        assertThat(gate.watermark()).isEqualTo(9);
        b.offer(StreamElement.END_OF_INPUT, null, Long.MAX_VALUE);
        assertThat(next()).isEqualTo(InputGate.ALL_ENDED | InputGate.CHANNEL_ENDED);
    }

    /** Property over seeds: the gate's watermark always equals the model's monotone min over active channels. */
    @Test
    void shouldMatchAModelOverRandomSequences() {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            int n = 1 + random.nextInt(4);
            OneToOneRing[] rings = new OneToOneRing[n];
            for (int i = 0; i < n; i++) {
                rings[i] = new OneToOneRing(4);
            }
            InputGate g = new InputGate(rings);
            long[] wm = new long[n];
            boolean[] idle = new boolean[n];
            java.util.Arrays.fill(wm, Long.MIN_VALUE);
            long expected = Long.MIN_VALUE;
            for (int step = 0; step < 200; step++) {
                int c = random.nextInt(n);
                int action = random.nextInt(10);
                if (action < 7) {
                    long w = wm[c] == Long.MIN_VALUE ? random.nextInt(10) : wm[c] + random.nextInt(10);
                    rings[c].offer(StreamElement.WATERMARK, null, w);
                    rings[c].publish();
                    wm[c] = Math.max(wm[c], w);
                } else if (action < 9) {
                    rings[c].offer(StreamElement.IDLE, null, 0);
                    rings[c].publish();
                    idle[c] = true;
                } else {
                    rings[c].offer(StreamElement.ACTIVE, null, 0);
                    rings[c].publish();
                    idle[c] = false;
                }
                StreamElement e = g.poll();
                g.onElement(e);
                g.release();
                g.commitReleases();
                long min = Long.MAX_VALUE;
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    if (!idle[i]) {
                        any = true;
                        min = Math.min(min, wm[i]);
                    }
                }
                if (any && min > expected) {
                    expected = min;
                }
                assertThat(g.watermark()).as("seed " + seed + " step " + step).isEqualTo(expected);
            }
        }
    }
}
