package io.sluice.api.state;

import java.util.Set;

/**
 * State of one parallel subtask of an operator, not of a key (Flink's {@code OperatorStateStore}):
 * what a non-keyed function needs to be exactly-once, such as the offsets of its own source-like
 * loop or the elements it buffers. Kept in checkpoints and savepoints; on a restore at another
 * parallelism each kind is redistributed in its own way. State names are unique per operator.
 */
public interface OperatorStateStore {

    /**
     * A list whose elements are dealt out round robin over the subtasks on a restore at another
     * parallelism (each subtask gets its own list back at the same parallelism).
     */
    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    /** A list that every subtask gets whole on a restore: the union of every subtask's list. */
    <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor);

    /** A map every subtask holds the same copy of (see {@link BroadcastState}). */
    <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);

    /** The names of the list and union list states asked for so far. */
    Set<String> getRegisteredStateNames();

    /** The names of the broadcast states asked for so far. */
    Set<String> getRegisteredBroadcastStateNames();
}
