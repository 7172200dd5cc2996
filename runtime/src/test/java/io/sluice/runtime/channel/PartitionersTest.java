package io.sluice.runtime.channel;

import io.sluice.api.InvalidJobException;
import io.sluice.api.functions.KeySelector;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The partitioners behind shuffle, global and keyBy, without a running job. */
class PartitionersTest {

    enum Color { RED, GREEN }

    @Test
    void shouldShuffleIntoEveryChannelEvenlyAndInRange() {
        for (int n = 1; n <= 7; n++) {
            ShufflePartitioner p = new ShufflePartitioner(n * 31L);
            int[] counts = new int[n];
            for (int i = 0; i < 70_000; i++) {
                int c = p.selectChannel(null, n);
                assertThat(c).isBetween(0, n - 1);
                counts[c]++;
            }
            for (int c = 0; c < n; c++) {
                assertThat(counts[c]).as("channel %d of %d", c, n).isBetween(70_000 / n * 9 / 10, 70_000 / n * 11 / 10);
            }
        }
    }

    @Test
    void shouldShuffleWithAZeroSeedToo() {
        ShufflePartitioner p = new ShufflePartitioner(0);
        boolean[] seen = new boolean[4];
        for (int i = 0; i < 1_000; i++) {
            seen[p.selectChannel(null, 4)] = true;
        }
        assertThat(seen).containsOnly(true);
    }

    @Test
    void shouldAllocateNothingPerShuffledRecord() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        ShufflePartitioner p = new ShufflePartitioner(42);
        Object record = new Object();
        long sum = 0;
        long allocated = 0;
        for (int round = 0; round < 5; round++) { // the first rounds warm up (and may compile)
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 200_000; i++) {
                sum += p.selectChannel(record, 5);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertThat(sum).isPositive();
        assertThat(allocated).as("bytes allocated for 200,000 records").isLessThan(1024);
    }

    @Test
    void shouldSendEverythingToTheFirstChannelWithGlobal() {
        GlobalPartitioner p = new GlobalPartitioner();
        for (int i = 0; i < 100; i++) {
            assertThat(p.selectChannel((long) i, 5)).isZero();
        }
    }

    @Test
    void shouldRefuseAnEnumKeyAtTheFirstRecordAndNameTheOperator() throws Exception {
        KeySelector<Object, Object> key = x -> x;
        KeyGroupPartitioner p = new KeyGroupPartitioner(key, 128, "count-per-color");
        assertThat(p.selectChannel("a string key", 4)).isBetween(0, 3);
        assertThat(p.selectChannel(17L, 4)).isBetween(0, 3);

        assertThatThrownBy(() -> p.selectChannel(Color.RED, 4))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("operator 'count-per-color' is keyed by " + Color.class.getName() + ", an enum: its hashCode"
                        + " is the identity hash, which differs from one JVM to the next, so after a restart its keyed"
                        + " state would sit in another key group and be missed; key by the enum's name() or ordinal()"
                        + " instead");
    }
}
