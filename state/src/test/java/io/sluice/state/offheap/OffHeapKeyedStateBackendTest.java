package io.sluice.state.offheap;

import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateBackendContractTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffHeapKeyedStateBackendTest extends KeyedStateBackendContractTest {

    @Override
    protected KeyedStateBackend createBackend(KeyedBackendParameters parameters) {
        return new OffHeapKeyedStateBackend(parameters, null, 256L << 20);
    }

    @Test
    void valuesAreCopiesNotReferences() {
        KeyGroupRange all = new KeyGroupRange(0, 127);
        try (OffHeapKeyedStateBackend b = new OffHeapKeyedStateBackend(
                new KeyedBackendParameters("copy", 0, 128, all), null, 64L << 20)) {
            ValueState<byte[]> state = b.getOrCreateState(new ValueStateDescriptor<>("bytes", byte[].class), null);
            b.setCurrentKey(7L, KeyGroups.keyGroupFor(7L, 128));
            byte[] v = {1, 2, 3};
            state.update(v);
            v[0] = 99;
            assertThat(state.value()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void churnOfAMillionKeysGivesTheMemoryBack() {
        KeyGroupRange all = new KeyGroupRange(0, 127);
        try (OffHeapKeyedStateBackend b = new OffHeapKeyedStateBackend(
                new KeyedBackendParameters("churn", 0, 128, all), null, 1L << 30)) {
            ValueState<Long> state = b.getOrCreateState(new ValueStateDescriptor<>("v", Long.class), null);
            long start = b.reservedBytes();
            for (int round = 0; round < 2; round++) {
                for (long k = 0; k < 1_000_000; k++) {
                    b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                    state.update(k);
                }
                assertThat(b.numEntries()).isEqualTo(1_000_000);
                assertThat(b.reservedBytes() - start).isGreaterThan(16L * 1_000_000);
                for (long k = 0; k < 1_000_000; k++) {
                    b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                    assertThat(state.value()).isEqualTo(k);
                    state.clear();
                }
                assertThat(b.numEntries()).isZero();
                // near the start again: what stays is a few partly used pages, not the million entries
                assertThat(b.reservedBytes() - start).isLessThan(8L * SlabAllocator.PAGE_SIZE);
            }
        }
    }

    @Test
    void crossingTheBudgetNamesTheOperatorAndTheSetting() {
        KeyGroupRange all = new KeyGroupRange(0, 127);
        try (OffHeapKeyedStateBackend b = new OffHeapKeyedStateBackend(
                new KeyedBackendParameters("sessions", 3, 128, all), null, 4L << 20)) {
            ValueState<String> state = b.getOrCreateState(new ValueStateDescriptor<>("v", String.class), null);
            assertThatThrownBy(() -> {
                for (long k = 0; ; k++) {
                    b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                    state.update("a value of some length, stored once per key " + k);
                }
            }).isInstanceOf(MemoryBudgetExceededException.class)
                    .hasMessageContaining("operator 'sessions' (subtask 3)")
                    .hasMessageContaining("state.memory-per-task");
        }
    }

    @Test
    void stateBeyondTheBudgetSpillsToAMappedFileWhenEnabled(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        KeyGroupRange all = new KeyGroupRange(0, 127);
        java.nio.file.Path spillFile;
        try (OffHeapKeyedStateBackend b = new OffHeapKeyedStateBackend(
                new KeyedBackendParameters("big", 0, 128, all), null, 4L << 20, dir)) {
            ValueState<String> state = b.getOrCreateState(new ValueStateDescriptor<>("v", String.class), null);
            String pad = "x".repeat(200);
            for (long k = 0; k < 200_000; k++) { // about 50 MiB of state with a 4 MiB budget
                b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                state.update(pad + k);
            }
            assertThat(b.reservedBytes()).isLessThanOrEqualTo(4L << 20);
            assertThat(b.spilledBytes()).isGreaterThan(32L << 20);
            try (var files = java.nio.file.Files.list(dir)) {
                java.util.List<java.nio.file.Path> spill = files.toList();
                assertThat(spill).hasSize(1);
                spillFile = spill.get(0);
                assertThat(spillFile.getFileName().toString()).startsWith("operator__big___subtask_0_").endsWith(".spill");
            }
            for (long k = 0; k < 200_000; k += 997) {
                b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                assertThat(state.value()).isEqualTo(pad + k);
            }
        }
        assertThat(spillFile).as("deleted when the backend closes").doesNotExist();
    }

    @Test
    void expiredValuesNobodyTouchesAgainAreReclaimedAFewAtATime() {
        KeyGroupRange all = new KeyGroupRange(0, 127);
        long[] now = {0};
        try (OffHeapKeyedStateBackend b = new OffHeapKeyedStateBackend(
                new KeyedBackendParameters("ttl", 0, 128, all), null, 64L << 20)) {
            b.setTtlClock(() -> now[0]);
            ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("v", Long.class);
            d.enableTimeToLive(io.sluice.api.state.StateTtlConfig.of(java.time.Duration.ofMillis(100)));
            ValueState<Long> state = b.getOrCreateState(d, null);
            for (long k = 0; k < 10_000; k++) {
                b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
                state.update(k);
            }
            now[0] = 50;
            b.setCurrentKey(-1L, KeyGroups.keyGroupFor(-1L, 128));
            for (int i = 0; i < 10_000; i++) {
                state.update((long) i); // one live key, touched often; nothing has expired yet
            }
            assertThat(b.numEntries()).as("nothing expired before its time").isEqualTo(10_001);
            now[0] = 150;
            for (int i = 0; i < 20_000; i++) {
                state.update((long) i);
            }
            assertThat(b.numEntries()).as("only the key still written remains").isEqualTo(1);
            assertThat(state.value()).isEqualTo(19_999L);
        }
    }
}
