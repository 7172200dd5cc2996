package io.sluice.state.offheap;

import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.LongValueState;
import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.snapshot.TableKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tables of the off-heap backend keep their entries in the index (the inline layout): those of
 * value-like states while their entries are small, including tables a restore filled, from the
 * state's first write on; lists and maps keep the pointer layout.
 */
class InlineEntriesTest {

    private static final int MAX = 128;
    private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX - 1);

    @TempDir
    Path dir;

    private static OffHeapKeyedStateBackend backend() {
        return new OffHeapKeyedStateBackend(new KeyedBackendParameters("inline", 0, MAX, ALL), null, 256L << 20);
    }

    private static int key(OffHeapKeyedStateBackend b, long k) {
        int group = KeyGroups.keyGroupFor(k, MAX);
        b.setCurrentKey(k, group);
        return group;
    }

    private static long inlineTables(OffHeapKeyedStateBackend b, String name, TableKind kind) {
        return Arrays.stream(b.tablesOf(name, kind)).filter(Objects::nonNull).filter(BytesTable::isInline).count();
    }

    private static long tables(OffHeapKeyedStateBackend b, String name, TableKind kind) {
        return Arrays.stream(b.tablesOf(name, kind)).filter(Objects::nonNull).count();
    }

    @Test
    void aValueTooLargeForASlotMovesOnlyItsKeyGroupsTableToThePointerLayout() {
        try (OffHeapKeyedStateBackend b = backend()) {
            ValueState<String> value = b.getOrCreateState(new ValueStateDescriptor<>("name", String.class), null);
            int keys = 2_000;
            for (long k = 0; k < keys; k++) {
                key(b, k);
                value.update("v" + k);
            }
            assertThat(tables(b, "name", TableKind.VALUE)).isEqualTo(MAX);
            assertThat(inlineTables(b, "name", TableKind.VALUE)).isEqualTo(MAX);

            int group = key(b, 7);
            String large = "x".repeat(200);
            value.update(large);
            assertThat(b.tablesOf("name", TableKind.VALUE)[group].isInline()).isFalse();
            assertThat(inlineTables(b, "name", TableKind.VALUE)).isEqualTo(MAX - 1);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                assertThat(value.value()).isEqualTo(k == 7 ? large : "v" + k);
            }
            key(b, 7);
            value.update("small again");
            assertThat(b.tablesOf("name", TableKind.VALUE)[group].isInline()).as("the pointer layout stays").isFalse();
            assertThat(value.value()).isEqualTo("small again");
        }
    }

    @Test
    void aRestoredTableTakesTheInlineLayoutAtTheStatesFirstWrite() throws Exception {
        int keys = 3_000;
        Path first = dir.resolve("first.snap");
        try (OffHeapKeyedStateBackend b = backend()) {
            LongValueState count = b.getOrCreateState(new LongValueStateDescriptor("count"), null);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                count.update(k);
            }
            KeyGroupSnapshot.write(b, ALL, first);
        }
        Path second = dir.resolve("second.snap");
        try (OffHeapKeyedStateBackend b = backend()) {
            KeyGroupSnapshot.restore(b, List.of(first));
            LongValueState count = b.getOrCreateState(new LongValueStateDescriptor("count"), null);
            assertThat(inlineTables(b, "count", TableKind.VALUE)).as("a restore fills tables in the pointer layout").isZero();
            for (long k = 0; k < keys; k++) {
                key(b, k);
                assertThat(count.value(-1)).isEqualTo(k);
            }
            assertThat(inlineTables(b, "count", TableKind.VALUE)).as("reads leave the layout alone").isZero();
            for (long k = 0; k < keys; k++) {
                key(b, k);
                assertThat(count.add(1)).isEqualTo(k + 1);
            }
            assertThat(inlineTables(b, "count", TableKind.VALUE)).isEqualTo(MAX);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                assertThat(count.value(-1)).isEqualTo(k + 1);
            }
            KeyGroupSnapshot.write(b, ALL, second);
        }
        try (OffHeapKeyedStateBackend b = backend()) {
            KeyGroupSnapshot.restore(b, List.of(second));
            ValueState<Long> asValue = b.getOrCreateState(new ValueStateDescriptor<>("count", Long.class), null);
            for (long k = 0; k < keys; k++) {
                key(b, k);
                assertThat(asValue.value()).as("key %d, written from the inline layout", k).isEqualTo(k + 1);
            }
        }
    }

    @Test
    void withInlineValuesOffEveryTableKeepsThePointerLayout() {
        try (OffHeapKeyedStateBackend b = new OffHeapKeyedStateBackend(
                new KeyedBackendParameters("pointers", 0, MAX, ALL), null, 256L << 20, null, false)) {
            LongValueState count = b.getOrCreateState(new LongValueStateDescriptor("count"), null);
            for (long k = 0; k < 2_000; k++) {
                key(b, k);
                count.add(k);
            }
            assertThat(tables(b, "count", TableKind.VALUE)).isEqualTo(MAX);
            assertThat(inlineTables(b, "count", TableKind.VALUE)).isZero();
            for (long k = 0; k < 2_000; k++) {
                key(b, k);
                assertThat(count.value(-1)).isEqualTo(k);
            }
        }
    }

    @Test
    void listAndMapTablesKeepThePointerLayout() {
        try (OffHeapKeyedStateBackend b = backend()) {
            ListState<Long> list = b.getOrCreateState(new ListStateDescriptor<>("list", Long.class), null);
            MapState<Integer, Long> map = b.getOrCreateState(new MapStateDescriptor<>("map", Integer.class, Long.class), null);
            for (long k = 0; k < 1_000; k++) {
                key(b, k);
                list.add(k);
                map.put(1, k);
            }
            assertThat(tables(b, "list", TableKind.LIST)).isEqualTo(MAX);
            assertThat(tables(b, "map", TableKind.MAP)).isEqualTo(MAX);
            assertThat(inlineTables(b, "list", TableKind.LIST)).isZero();
            assertThat(inlineTables(b, "map", TableKind.MAP)).isZero();
        }
    }
}
