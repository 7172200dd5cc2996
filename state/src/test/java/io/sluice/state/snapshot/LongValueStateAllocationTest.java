package io.sluice.state.snapshot;

import io.sluice.api.state.LongValueState;
import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedStateBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LongValueState} allocates nothing per access once its keys exist: {@code add}, and
 * {@code value} then {@code update}, on both backends (keys are boxed once, up front, as a
 * record's key would be).
 */
class LongValueStateAllocationTest {

    private static final int KEYS = 10_000;
    private static final int PASSES = 100;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void shouldAllocateLessThanABytePerAccessAfterWarmUp(Backends backend) {
        Long[] keys = new Long[KEYS];
        int[] groups = new int[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = (long) i * 7919;
            groups[i] = KeyGroups.keyGroupFor(keys[i], Backends.MAX_PARALLELISM);
        }
        try (KeyedStateBackend b = backend.create("alloc", 0, 127)) {
            LongValueState s = b.getOrCreateState(new LongValueStateDescriptor("count"), null);
            long checksum = 0;
            for (int pass = 0; pass < PASSES; pass++) { // creates the entries, then warms up
                checksum += addAll(b, s, keys, groups) + getUpdateAll(b, s, keys, groups);
            }
            long before = allocatedBytes();
            long sum = 0;
            for (int pass = 0; pass < PASSES; pass++) {
                sum += addAll(b, s, keys, groups);
            }
            long addBytes = allocatedBytes() - before;
            before = allocatedBytes();
            for (int pass = 0; pass < PASSES; pass++) {
                sum += getUpdateAll(b, s, keys, groups);
            }
            long getUpdateBytes = allocatedBytes() - before;

            long ops = (long) PASSES * KEYS;
            assertThat((double) addBytes / ops).as("bytes per add on %s (%,d bytes in %,d adds)", backend, addBytes, ops)
                    .isLessThan(1.0);
            assertThat((double) getUpdateBytes / ops)
                    .as("bytes per value+update on %s (%,d bytes in %,d)", backend, getUpdateBytes, ops).isLessThan(1.0);
            // every key was incremented 4 * PASSES times, 2 * PASSES by each path
            b.setCurrentKey(keys[17], groups[17]);
            assertThat(s.value(-1)).isEqualTo(4L * PASSES);
            assertThat(checksum + sum).isPositive();
        }
    }

    private static long addAll(KeyedStateBackend b, LongValueState s, Long[] keys, int[] groups) {
        long sum = 0;
        for (int i = 0; i < keys.length; i++) {
            b.setCurrentKey(keys[i], groups[i]);
            sum += s.add(1);
        }
        return sum;
    }

    private static long getUpdateAll(KeyedStateBackend b, LongValueState s, Long[] keys, int[] groups) {
        long sum = 0;
        for (int i = 0; i < keys.length; i++) {
            b.setCurrentKey(keys[i], groups[i]);
            long v = s.value(0) + 1;
            s.update(v);
            sum += v;
        }
        return sum;
    }
}
