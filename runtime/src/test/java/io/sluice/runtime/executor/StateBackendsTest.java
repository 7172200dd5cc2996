package io.sluice.runtime.executor;

import io.sluice.api.config.Configuration;
import io.sluice.api.config.StateOptions;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.heap.HeapStateBackend;
import io.sluice.state.offheap.MemoryBudgetExceededException;
import io.sluice.state.offheap.OffHeapKeyedStateBackend;
import io.sluice.state.offheap.OffHeapStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateBackendsTest {

    private static final KeyedBackendParameters PARAMS =
            new KeyedBackendParameters("counts", 1, 128, new KeyGroupRange(0, 127));

    private static void fill(OffHeapKeyedStateBackend b, int keys) {
        ValueState<String> v = b.getOrCreateState(new ValueStateDescriptor<>("v", String.class), null);
        for (long k = 0; k < keys; k++) {
            b.setCurrentKey(k, KeyGroups.keyGroupFor(k, 128));
            v.update("a value of a hundred bytes or so, so that a few thousand keys overflow one mebibyte " + k);
        }
    }

    @Test
    void offHeapIsTheDefault() {
        assertThat(StateBackends.create(new Configuration())).isInstanceOf(OffHeapStateBackend.class);
        assertThat(StateBackends.create(new Configuration().set(StateOptions.BACKEND, "heap")))
                .isInstanceOf(HeapStateBackend.class);
    }

    @Test
    void theBudgetComesFromTheConfigurationAndItsErrorNamesTheSettings() {
        Configuration c = new Configuration().set(StateOptions.MEMORY_PER_TASK, 1L << 20);
        try (OffHeapKeyedStateBackend b = (OffHeapKeyedStateBackend) StateBackends.create(c)
                .createKeyedStateBackend(PARAMS)) {
            assertThatThrownBy(() -> fill(b, 100_000))
                    .isInstanceOf(MemoryBudgetExceededException.class)
                    .hasMessageContaining("operator 'counts' (subtask 1)")
                    .hasMessageContaining("state.memory-per-task")
                    .hasMessageContaining("state.inline-values=false")
                    .hasMessageContaining("state.spill-to-disk");
        }
    }

    @Test
    void spillingGoesToTheConfiguredDirectory(@TempDir Path dir) throws Exception {
        Configuration c = new Configuration().set(StateOptions.MEMORY_PER_TASK, 1L << 20)
                .set(StateOptions.SPILL_TO_DISK, true).set(StateOptions.DIRECTORY, dir.toString());
        try (OffHeapKeyedStateBackend b = (OffHeapKeyedStateBackend) StateBackends.create(c)
                .createKeyedStateBackend(PARAMS)) {
            fill(b, 100_000);
            assertThat(b.spilledBytes()).isPositive();
            try (var files = Files.list(dir)) {
                assertThat(files.count()).isEqualTo(1);
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.count()).as("spill file removed when the backend closes").isZero();
        }
    }

    @Test
    void smallValuesLiveInTheIndexUnlessTheConfigurationSaysOtherwise() {
        assertThat(((OffHeapStateBackend) StateBackends.create(new Configuration())).inlineValues()).isTrue();
        Configuration off = new Configuration().set(StateOptions.INLINE_VALUES, false);
        assertThat(((OffHeapStateBackend) StateBackends.create(off)).inlineValues()).isFalse();
    }
}
