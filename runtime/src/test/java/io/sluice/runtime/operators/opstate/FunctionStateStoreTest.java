package io.sluice.runtime.operators.opstate;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How each kind of operator state goes into checkpoint items and comes back at the same and another parallelism. */
class FunctionStateStoreTest {

    private static final ListStateDescriptor<Long> BUFFER = new ListStateDescriptor<>("buffer", Long.class);
    private static final ListStateDescriptor<String> SEEN = new ListStateDescriptor<>("seen", String.class);
    private static final MapStateDescriptor<String, Integer> RULES =
            new MapStateDescriptor<>("rules", Serializers.of(String.class), Serializers.of(Integer.class));

    /** Two former subtasks: lists 0..9 and 100..104, union entries "s0"/"s1", the same broadcast map. */
    private static List<List<byte[]>> formerItems() throws Exception {
        List<List<byte[]>> bySubtask = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            FunctionStateStore store = new FunctionStateStore("'op' (subtask " + (s + 1) + "/2)", s);
            ListState<Long> buffer = store.getListState(BUFFER);
            for (long v = s * 100; v < s * 100 + (s == 0 ? 10 : 5); v++) {
                buffer.add(v);
            }
            store.getUnionListState(SEEN).add("s" + s);
            BroadcastState<String, Integer> rules = store.getBroadcastState(RULES);
            rules.put("max", 5);
            rules.put("min", 1);
            bySubtask.add(store.snapshot());
        }
        return bySubtask;
    }

    /** Deals items round robin over {@code parallelism}, as a restore at another parallelism does. */
    private static List<byte[]> share(List<List<byte[]>> bySubtask, int subtask, int parallelism) {
        List<byte[]> out = new ArrayList<>();
        int k = 0;
        for (List<byte[]> items : bySubtask) {
            for (byte[] item : items) {
                if (k++ % parallelism == subtask) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    private static List<Long> elements(Iterable<Long> it) {
        List<Long> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    @Test
    void atTheSameParallelismEachSubtaskGetsItsOwnListBack() throws Exception {
        List<List<byte[]>> former = formerItems();
        FunctionStateStore store = new FunctionStateStore("'op' (subtask 2/2)", 1);
        store.restore(former.get(1), former);
        assertThat(store.isRestored()).isTrue();
        assertThat(elements(store.getListState(BUFFER).get())).containsExactly(100L, 101L, 102L, 103L, 104L);
        List<String> seen = new ArrayList<>();
        store.getUnionListState(SEEN).get().forEach(seen::add);
        assertThat(seen).containsExactly("s0", "s1");
        assertThat(store.getBroadcastState(RULES).get("max")).isEqualTo(5);
    }

    @Test
    void atAnotherParallelismListsAreDealtOutUnionsGoWholeAndEverySubtaskGetsTheBroadcastMap() throws Exception {
        List<List<byte[]>> former = formerItems();
        for (int parallelism : new int[] {1, 3}) {
            List<Long> all = new ArrayList<>();
            for (int s = 0; s < parallelism; s++) {
                FunctionStateStore store = new FunctionStateStore("'op' (subtask " + (s + 1) + ")", s);
                store.restore(share(former, s, parallelism), former);
                all.addAll(elements(store.getListState(BUFFER).get()));
                List<String> seen = new ArrayList<>();
                store.getUnionListState(SEEN).get().forEach(seen::add);
                assertThat(seen).as("union at p%d, subtask %d", parallelism, s).containsExactly("s0", "s1");
                Map<String, Integer> rules = new TreeMap<>();
                store.getBroadcastState(RULES).immutableEntries().forEach(e -> rules.put(e.getKey(), e.getValue()));
                assertThat(rules).as("broadcast at p%d, subtask %d", parallelism, s).isEqualTo(Map.of("max", 5, "min", 1));
            }
            all.sort(null);
            List<Long> expected = new ArrayList<>();
            for (long v = 0; v < 10; v++) {
                expected.add(v);
            }
            for (long v = 100; v < 105; v++) {
                expected.add(v);
            }
            assertThat(all).as("every list element once at p%d", parallelism).isEqualTo(expected);
        }
    }

    @Test
    void stateNoFunctionAskedForIsKeptForTheNextCheckpoint() throws Exception {
        List<List<byte[]>> former = formerItems();
        FunctionStateStore first = new FunctionStateStore("'op' (subtask 1/2)", 0);
        first.restore(former.get(0), former);
        first.getUnionListState(SEEN); // asks for the union list only
        List<List<byte[]>> again = List.of(first.snapshot(), List.of());

        FunctionStateStore second = new FunctionStateStore("'op' (subtask 1/2)", 0);
        second.restore(again.get(0), again);
        assertThat(elements(second.getListState(BUFFER).get())).hasSize(10);
        assertThat(second.getBroadcastState(RULES).get("min")).isEqualTo(1);
    }

    @Test
    void oneNameForTwoKindsIsRefusedNamingTheOperatorAndTheState() throws Exception {
        FunctionStateStore store = new FunctionStateStore("'op' (subtask 1/1)", 0);
        store.getListState(BUFFER);
        assertThatThrownBy(() -> store.getUnionListState(BUFFER))
                .hasMessage("operator 'op' (subtask 1/1) asked for union list state 'buffer', but it already has list"
                        + " state of that name: give each operator state its own name");

        List<List<byte[]>> former = formerItems();
        FunctionStateStore restored = new FunctionStateStore("'op' (subtask 1/2)", 0);
        restored.restore(former.get(0), former);
        assertThatThrownBy(() -> restored.getListState(SEEN))
                .hasMessageContaining("asked for list state 'seen', but the checkpoint it starts from holds union list"
                        + " state of that name");
    }

    @Test
    void aFreshStoreIsNotRestoredAndEmpty() throws Exception {
        FunctionStateStore store = new FunctionStateStore("'op' (subtask 1/1)", 0);
        assertThat(store.isRestored()).isFalse();
        assertThat(store.isEmpty()).isTrue();
        assertThat(store.snapshot()).isEmpty();
        assertThat(store.getListState(BUFFER).get()).isEmpty();
        assertThat(store.getRegisteredStateNames()).containsExactly("buffer");
    }
}
